package com.custseg.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.custseg.config.JobConfig;
import com.custseg.config.SourceConfig;
import com.custseg.config.UnknownCustomerPolicy;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.CustomerColumns;
import com.custseg.io.OutputTables;
import com.custseg.io.RunMetrics;
import com.custseg.io.RunMetricsTable;
import com.custseg.io.SilverTables;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.privacy.Privacy;
import com.custseg.io.FeedbackColumns;
import com.custseg.io.InteractionColumns;
import com.custseg.quality.ContactCleaning;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.QualityGate;
import com.custseg.quality.Quarantine;
import com.custseg.quality.RejectColumns;
import com.custseg.region.RegionAssigner;
import com.custseg.region.RegionMapping;
import com.custseg.report.RunResult;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest step of a run: read and clean the customers and the transactions, choose the snapshot date, count what
 * was kept, removed and rejected, pass the quality gate, then write rejects, customers_clean and transactions_clean
 * of the snapshot.
 */
final class IngestStep {
  private static final Logger LOG = LoggerFactory.getLogger(IngestStep.class);
  private static final int TOP_UNKNOWN_PROVINCES = 20;
  /** run_metrics.input_counts keys added by this step (the per-source ones come from RunMetrics). */
  static final String CUSTOMERS_CREATED = "customers_created";
  static final String CUSTOMERS_NET_SPEND_NOT_POSITIVE = "customers_net_spend_not_positive";

  /**
   * The ingest step: read and clean both sources, pass the quality gate, then write rejects, customers_clean and
   * transactions_clean of the snapshot. Nothing but the run_metrics row of the failed run is written when the gate
   * fails.
   */
  static Ingested run(SparkSession spark, JobConfig config, RegionMapping regions, Run run,
      SnapshotWrites writes) {
    Stages stages = run.stages();
    // An order-only export has no customers table: every customer is derived from the transactions.
    boolean orderOnly = config.customers().absent();
    UnknownCustomerPolicy unknownCustomers = orderOnly ? UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER
        : config.unknownCustomers();
    if (orderOnly) {
      LOG.info("{}.path is empty: no customers table; the customers are derived from the transactions{}",
          SourceConfig.CUSTOMERS, config.transactions().column(TransactionColumns.PROVINCE) == null
              ? " (region unknown: " + SourceConfig.TRANSACTIONS + ".columns.province is not mapped)"
              : ", their province from " + SourceConfig.TRANSACTIONS + ".columns.province");
    }
    Dataset<Row> customersChecked = orderOnly ? InputCleaning.noCustomers(spark)
        : stages.run("ingest: read customers", () ->
            InputCleaning.customers(SourceReader.read(spark, config.customers()), config.customers(),
                config.timeZone(), config.cleaning())
                .transform(Quarantine::withRecordOfRejectsOnly)
                .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> linesChecked = stages.run("ingest: read transactions", () ->
        InputCleaning.checkedLines(SourceReader.read(spark, config.transactions()),
            config.transactions(), config.timeZone(), config.cleaning()));

    // Taken before the duplicate check: copies of kept lines do not move the latest date, and this pass then needs
    // no shuffle (the comparison of all lines runs once, in the counts below).
    LocalDate asOf = config.asOf().orElseGet(() ->
        stages.run("ingest: find snapshot date", () -> dayAfterLatestTransaction(linesChecked)));
    LOG.info("snapshot date {}", asOf);
    Dataset<Row> transactionsParsed = InputCleaning.withDuplicatesMarked(linesChecked,
        config.cleaning().duplicates());

    Dataset<Row> customersKept = Quarantine.kept(customersChecked);
    Dataset<Row> transactionsChecked = InputCleaning.withSnapshotChecks(transactionsParsed, asOf,
        customersKept.select(CustomerColumns.CUSTOMER_ID), unknownCustomers)
        .transform(Quarantine::withRecordOfRejectsOnly)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> transactionsKept = Quarantine.kept(transactionsChecked);
    Dataset<Row> customersAll = unknownCustomers == UnknownCustomerPolicy.CREATE_MINIMAL_CUSTOMER
        ? customersKept.unionByName(InputCleaning.minimalCustomers(transactionsKept, customersKept))
        : customersKept;

    Quarantine.Tally customerTally = stages.run("quality: count customers", () -> Quarantine.tally(customersChecked));
    Quarantine.Tally transactionTally = stages.run("quality: count transactions", () ->
        Quarantine.tally(transactionsChecked));
    InputCounts customerCounts = customerTally.counts();
    InputCounts transactionCounts = transactionTally.counts();
    LOG.info("customers: read {}, kept {}, duplicates {}, rejected {}", customerCounts.read(), customerCounts.kept(),
        customerCounts.duplicates(), customerCounts.rejectedByReason());
    LOG.info("transactions: read {}, kept {}, duplicates {}, rejected {}", transactionCounts.read(),
        transactionCounts.kept(), transactionCounts.duplicates(), transactionCounts.rejectedByReason());
    Map<String, Long> counts = new LinkedHashMap<>(InputCounts.metrics(customerCounts, transactionCounts));
    counts.put(InputCounts.TRANSACTIONS_DUPLICATE_AMOUNT_CENTS, transactionTally.duplicateAmount().movePointRight(2)
        .longValueExact());
    counts.put(InputCounts.CUSTOMER_IDS_NORMALIZED, customerTally.idsNormalized() + transactionTally.idsNormalized());
    stages.run("quality: customer checks", () -> {
      counts.put(CUSTOMERS_CREATED, customersAll == customersKept ? 0 : customersAll.count() - customerCounts.kept());
      counts.put(CUSTOMERS_NET_SPEND_NOT_POSITIVE,
          InputCleaning.customersWithNetSpendAtMostZero(transactionsKept).count());
    });
    List<RunResult.UnknownProvince> unknown = stages.run("quality: unknown provinces", () ->
        unknownProvinces(RegionAssigner.withRegion(customersAll, regions.lookupTable(spark), regions.unknownName())));

    // The contacts are checked against every customer of the run (created ones included): a contact never creates
    // a customer.
    Dataset<Row> customerIds = customersAll.select(CustomerColumns.CUSTOMER_ID);
    Optional<Contacts> interactions = config.interactions().map(source -> contacts(stages, "interactions",
        ContactCleaning.withSnapshotChecks(InputCleaning.withDuplicatesMarked(ContactCleaning.checkedInteractions(
            SourceReader.read(spark, source.source()), source, config.timeZone())),
            InteractionColumns.INTERACTION_DATE, asOf, customerIds)));
    Optional<Contacts> feedback = config.feedback().map(source -> contacts(stages, "feedback",
        ContactCleaning.withSnapshotChecks(InputCleaning.withDuplicatesMarked(ContactCleaning.checkedFeedback(
            SourceReader.read(spark, source.source()), source, config.timeZone())),
            FeedbackColumns.FEEDBACK_DATE, asOf, customerIds)));
    Map<String, Long> rejects = new LinkedHashMap<>(InputCounts.rejects(customerCounts, transactionCounts));
    for (Contacts c : optionals(interactions, feedback)) {
      counts.putAll(InputCounts.metrics(c.source(), c.counts()));
      c.counts().rejectedByReason().forEach((reason, n) -> rejects.put(c.source() + "." + reason, n));
    }

    try {
      if (!orderOnly) {
        QualityGate.check("customers", customerCounts, config.maxRejectRatio());
      }
      QualityGate.check("transactions", transactionCounts, config.maxRejectRatio());
      for (Contacts c : optionals(interactions, feedback)) {
        QualityGate.check(c.source(), c.counts(), config.maxRejectRatio());
      }
    } catch (QualityGate.QualityGateException e) {
      RunMetricsTable.append(spark, OutputTables.RUN_METRICS.pathIn(config.output()), config.output().format(),
          run.failed(config, asOf, counts, rejects, unknown, e));
      throw e;
    }

    // Personal data stops here: the rejects' original records and the cleaned customers are protected as configured
    // (segmentation.privacy), so no table under the output root holds raw names or phone numbers.
    Privacy.RecordKeys piiKeys = Privacy.recordKeys(config.privacy(), config.customers(), config.transactions());
    Dataset<Row> rejected = Quarantine.rejected(customersChecked, "customers", asOf)
        .unionByName(Quarantine.rejected(transactionsChecked, "transactions", asOf));
    for (Contacts c : optionals(interactions, feedback)) {
      rejected = rejected.unionByName(Quarantine.rejected(c.checked(), c.source(), asOf));
    }
    Dataset<Row> allRejected = rejected;
    stages.run("write: rejects", () -> writes.replace(Privacy.withRecordProtected(allRejected,
        RejectColumns.RECORD, piiKeys, config.privacy()), OutputTables.REJECTS, asOf));
    stages.run("write: customers_clean", () -> writes.replace(
        Privacy.withPersonalDataProtected(SilverTables.customersClean(customersAll, asOf), config.privacy()),
        OutputTables.CUSTOMERS_CLEAN, asOf));
    stages.run("write: transactions_clean", () -> writes.replace(
        SilverTables.transactionsClean(transactionsKept, asOf), OutputTables.TRANSACTIONS_CLEAN, asOf));
    interactions.ifPresent(c -> stages.run("write: interactions_clean", () -> writes.replace(
        SilverTables.contactsClean(Quarantine.kept(c.checked()), InteractionColumns.SCHEMA, asOf),
        OutputTables.INTERACTIONS_CLEAN, asOf)));
    feedback.ifPresent(c -> stages.run("write: feedback_clean", () -> writes.replace(
        SilverTables.contactsClean(Quarantine.kept(c.checked()), FeedbackColumns.SCHEMA, asOf),
        OutputTables.FEEDBACK_CLEAN, asOf)));
    customersChecked.unpersist();
    // The kept lines stay in memory for the segment step of the same run: the same rows as transactions_clean,
    // without reading them back.
    List<Dataset<Row>> cached = new java.util.ArrayList<>(List.of(transactionsChecked));
    optionals(interactions, feedback).forEach(c -> cached.add(c.checked()));
    return new Ingested(asOf, customerCounts, transactionCounts, counts, rejects, unknown,
        Optional.of(SilverTables.asTransactions(transactionsKept)),
        interactions.map(c -> SilverTables.asContacts(Quarantine.kept(c.checked()), InteractionColumns.SCHEMA)),
        feedback.map(c -> SilverTables.asContacts(Quarantine.kept(c.checked()), FeedbackColumns.SCHEMA)), cached);
  }

  /** A contact source's rows with their reject reasons (kept in memory), and its counts. */
  private record Contacts(String source, Dataset<Row> checked, InputCounts counts) {}

  private static Contacts contacts(Stages stages, String source, Dataset<Row> checked) {
    Dataset<Row> persisted = Quarantine.withRecordOfRejectsOnly(checked).persist(StorageLevel.MEMORY_AND_DISK());
    InputCounts counts = stages.run("quality: count " + source, () -> Quarantine.counts(persisted));
    LOG.info("{}: read {}, kept {}, duplicates {}, rejected {}", source, counts.read(), counts.kept(),
        counts.duplicates(), counts.rejectedByReason());
    return new Contacts(source, persisted, counts);
  }

  private static List<Contacts> optionals(Optional<Contacts> interactions, Optional<Contacts> feedback) {
    return java.util.stream.Stream.of(interactions, feedback).flatMap(Optional::stream).toList();
  }

  /**
   * The default snapshot: the day after the latest usable transaction, from lines of {@link InputCleaning#transactions}
   * or of {@link InputCleaning#checkedLines} (the same date: duplicates are copies of kept lines).
   */
  static LocalDate dayAfterLatestTransaction(Dataset<Row> transactions) {
    Row latest = Quarantine.kept(transactions).agg(max(col(TransactionColumns.ORDER_DATE))).first();
    if (latest.isNullAt(0)) {
      throw new IllegalStateException("no usable transaction in the input: cannot choose a snapshot date; "
          + "pass --as-of YYYY-MM-DD");
    }
    return latest.getDate(0).toLocalDate().plusDays(1);
  }

  /** The most frequent raw provinces that map to no province, for run_metrics and the summary. */
  static List<RunResult.UnknownProvince> unknownProvinces(Dataset<Row> withRegion) {
    // Bounded: at most TOP_UNKNOWN_PROVINCES rows.
    return RegionAssigner.unknownProvinces(withRegion, TOP_UNKNOWN_PROVINCES).collectAsList().stream()
        .map(r -> new RunResult.UnknownProvince(r.getString(0), r.getLong(1)))
        .toList();
  }

  /**
   * What the ingest step found; empty counts when the run only segments. {@code keptTransactions} are the rows of
   * transactions_clean while they are still in memory ({@code cached}), for the segment step of the same run;
   * {@link #release} frees them.
   */
  record Ingested(LocalDate asOf, InputCounts customers, InputCounts transactions, Map<String, Long> metricCounts,
      Map<String, Long> rejects, List<RunResult.UnknownProvince> unknownProvinces,
      Optional<Dataset<Row>> keptTransactions, Optional<Dataset<Row>> keptInteractions,
      Optional<Dataset<Row>> keptFeedback, List<Dataset<Row>> cached) {
    static Ingested notRun(LocalDate asOf) {
      InputCounts none = InputCounts.of(Map.of());
      return new Ingested(asOf, none, none, Map.of(), Map.of(), List.of(), Optional.empty(), Optional.empty(),
          Optional.empty(), List.of());
    }

    void release() {
      cached.forEach(Dataset::unpersist);
    }
  }

  private IngestStep() {}
}
