package com.custseg.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The cleaned, typed, deduplicated inputs of a snapshot (the silver layer): {@code customers_clean} and
 * {@code transactions_clean}, written by the ingest step and read by the segment step instead of the raw exports.
 * Each snapshot is replaced as a whole on rerun; transactions are also partitioned by order month. customers_clean
 * holds the personal fields (name, phone) of the source and is not meant for analysts.
 */
public final class SilverTables {
  /** Month of the order date, {@code yyyy-MM}: the second partition column of transactions_clean. */
  public static final String ORDER_MONTH = "order_month";

  /** Kept customers ({@link CustomerColumns#SCHEMA}) in the shape of customers_clean. */
  public static Dataset<Row> customersClean(Dataset<Row> customers, LocalDate snapshotDate) {
    List<Column> out = columns(CustomerColumns.SCHEMA.fieldNames());
    out.add(lit(java.sql.Date.valueOf(snapshotDate)).as(OutputTables.SNAPSHOT_DATE));
    return customers.select(out.toArray(Column[]::new));
  }

  /** Kept transactions ({@link TransactionColumns#SCHEMA}) in the shape of transactions_clean. */
  public static Dataset<Row> transactionsClean(Dataset<Row> transactions, LocalDate snapshotDate) {
    List<Column> out = columns(TransactionColumns.SCHEMA.fieldNames());
    out.add(lit(java.sql.Date.valueOf(snapshotDate)).as(OutputTables.SNAPSHOT_DATE));
    out.add(date_format(col(TransactionColumns.ORDER_DATE), "yyyy-MM").as(ORDER_MONTH));
    return transactions.select(out.toArray(Column[]::new));
  }

  /** Kept rows of a contact source ({@code schema}: interactions or feedback) in the shape of its silver table. */
  public static Dataset<Row> contactsClean(Dataset<Row> rows, org.apache.spark.sql.types.StructType schema,
      LocalDate snapshotDate) {
    List<Column> out = columns(schema.fieldNames());
    out.add(lit(java.sql.Date.valueOf(snapshotDate)).as(OutputTables.SNAPSHOT_DATE));
    return rows.select(out.toArray(Column[]::new));
  }

  /** Kept rows of a contact source, or its silver table's rows of a snapshot, as {@code schema}. */
  public static Dataset<Row> asContacts(Dataset<Row> rows, org.apache.spark.sql.types.StructType schema) {
    return rows.select(columns(schema.fieldNames()).toArray(Column[]::new));
  }

  /** The rows of one snapshot of interactions_clean or feedback_clean as {@code schema}. */
  public static Dataset<Row> readContacts(SparkSession spark, String path, LocalDate snapshotDate,
      org.apache.spark.sql.types.StructType schema) {
    return asContacts(DeltaTables.readSnapshot(spark, path, snapshotDate), schema);
  }

  /**
   * The customers of one snapshot as {@link CustomerColumns#SCHEMA}. Personal-data columns dropped by the privacy
   * settings come back as nulls.
   */
  public static Dataset<Row> readCustomers(SparkSession spark, String path, LocalDate snapshotDate) {
    return withSchema(DeltaTables.readSnapshot(spark, path, snapshotDate), CustomerColumns.SCHEMA);
  }

  /**
   * The columns of {@code schema}, those {@code rows} lack as nulls: personal data the privacy settings dropped, or
   * the optional transaction fields (quantity, discount, brand) of a snapshot written before the job had them.
   */
  private static Dataset<Row> withSchema(Dataset<Row> rows, org.apache.spark.sql.types.StructType schema) {
    List<String> present = java.util.Arrays.asList(rows.columns());
    List<Column> out = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      out.add(present.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()));
    }
    return rows.select(out.toArray(Column[]::new));
  }

  /** The transactions of one snapshot as {@link TransactionColumns#SCHEMA}. */
  public static Dataset<Row> readTransactions(SparkSession spark, String path, LocalDate snapshotDate) {
    return asTransactions(DeltaTables.readSnapshot(spark, path, snapshotDate));
  }

  /**
   * Kept transactions (or rows of transactions_clean) as {@link TransactionColumns#SCHEMA}: what the segment step
   * reads, from the table or, in a run of both steps, from the ingest step's rows still in memory.
   */
  public static Dataset<Row> asTransactions(Dataset<Row> transactions) {
    return withSchema(transactions, TransactionColumns.SCHEMA);
  }

  /**
   * The latest snapshot the ingest step wrote to customers_clean: the default snapshot of a run of the segment step
   * alone.
   */
  public static LocalDate latestSnapshot(SparkSession spark, String customersCleanPath) {
    Row latest;
    try {
      latest = spark.read().format("delta").load(customersCleanPath)
          .agg(max(col(OutputTables.SNAPSHOT_DATE))).first();
    } catch (Exception e) { // AnalysisException (path does not exist) is checked in Java but thrown undeclared
      throw new IllegalStateException("--step segment needs the silver tables of an ingest run, but "
          + customersCleanPath + " cannot be read: run --step ingest first ("
          + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (latest.isNullAt(0)) {
      throw new IllegalStateException("--step segment: " + customersCleanPath
          + " holds no snapshot; run --step ingest first");
    }
    return latest.getDate(0).toLocalDate();
  }

  private static List<Column> columns(String[] names) {
    List<Column> out = new ArrayList<>();
    for (String name : names) {
      out.add(col(name));
    }
    return out;
  }

  private SilverTables() {}
}
