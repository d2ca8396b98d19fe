package com.custseg.job;

import com.custseg.config.JobConfig;
import com.custseg.history.SnapshotWrites;
import com.custseg.io.OutputTables;
import com.custseg.io.SnapshotTables;
import com.custseg.io.SourceReader;
import com.custseg.worklist.ActionList;
import com.custseg.worklist.Contacts;
import com.custseg.worklist.ExportLog;
import com.custseg.worklist.ExportedFile;
import com.custseg.worklist.WorklistExport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worklist part of the segment step (when segmentation.teams lists teams): the snapshot's customer_segments →
 * playbook → action_list; each team's files staged, recorded in export_log and swapped into
 * {@code export/<snapshot>/}, all inside the run's writes, so a failed run puts the earlier worklist back.
 */
final class WorklistStep {
  private static final Logger LOG = LoggerFactory.getLogger(WorklistStep.class);

  /**
   * @param segments the snapshot's customer_segments rows as written
   * @param previous the previous snapshot's customer_segments rows, if any (tier moves in the reason)
   */
  static void run(SparkSession spark, JobConfig config, Stages stages, SnapshotWrites writes,
      Dataset<Row> segments, Optional<Dataset<Row>> previous, LocalDate asOf) {
    stages.run("write: action_list", () -> writes.replace(
        ActionList.table(segments, previous, config.worklists()), OutputTables.ACTION_LIST, asOf));
    Dataset<Row> actions = SnapshotTables.readSnapshot(spark,
        OutputTables.ACTION_LIST.pathIn(config.output()), asOf);
    String runId = writes.runId();
    // An order-only export has no customers table, so no contact details to export.
    boolean anyContacts = !config.customers().absent()
        && config.worklists().teams().stream().anyMatch(t -> t.contacts());
    // Read from the source at export time and never stored: the tables hold no contact details.
    Dataset<Row> contacts = anyContacts ? Contacts.of(SourceReader.read(spark, config.customers()),
        config.customers()) : null;
    try {
      List<ExportedFile> files = stages.run("export: worklists", () -> WorklistExport.stage(spark, actions,
          contacts, config.worklists(), config.output().path(), asOf, runId));
      stages.run("write: export_log", () -> writes.replace(ExportLog.rows(spark, files, asOf, runId,
          Instant.now()), OutputTables.EXPORT_LOG, asOf));
      String folder = WorklistExport.snapshotFolder(config.output().path(), asOf);
      writes.record(folder, WorklistExport.publish(spark, config.output().path(), asOf, runId));
      LOG.info("worklists of {}: {} files for {} teams in {}", asOf, files.size(),
          config.worklists().teams().size(), folder);
    } catch (RuntimeException e) {
      WorklistExport.discard(spark, config.output().path(), runId);
      throw e;
    }
  }

  private WorklistStep() {}
}
