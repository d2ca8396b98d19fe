package com.custseg.io;

import com.custseg.config.OutputConfig;
import com.custseg.config.OutputFormat;
import java.util.List;
import java.util.Objects;

/**
 * One table the job writes under the output root, declared once in {@link OutputTables}: its name (also its folder
 * and its catalog name), its partition columns, who it is for and the comment the catalog shows. Writers, readers,
 * rollback, recovery, retention, catalog registration and the SQL shell's views all take the table from there.
 *
 * @param audience {@link Audience#ANALYSTS}: written in the configured format, columns commented in the catalog, a
 *     {@code latest_<name>} view when partitioned by snapshot; {@link Audience#JOB}: the job's own working tables,
 *     read back by the next step or run, always Delta
 */
public record OutputTable(String name, List<String> partitionColumns, Audience audience, String comment) {
  /**
   * Who reads a table: analysts, or only the job (JOB tables are registered in the catalog for inspection, MODEL
   * tables, the state of the saved models, are not).
   */
  public enum Audience { ANALYSTS, JOB, MODEL }

  public OutputTable {
    Objects.requireNonNull(name, "name");
    partitionColumns = List.copyOf(partitionColumns);
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(comment, "comment");
  }

  /** The table's folder under the output root. */
  public String pathIn(OutputConfig output) {
    return output.table(name);
  }

  /** The format this table is written in when the analyst tables are written in {@code configured}. */
  public SnapshotTable format(OutputFormat configured) {
    return audience == Audience.ANALYSTS ? SnapshotTables.of(configured) : SnapshotTables.DELTA;
  }

  /** Whether each run replaces one snapshot of it (recovery undoes and retention trims those). */
  public boolean isSnapshotTable() {
    return partitionColumns.contains(OutputTables.SNAPSHOT_DATE);
  }

  /** Whether the catalog and the SQL shell give it a name (the saved models' state has none). */
  public boolean isRegistered() {
    return audience != Audience.MODEL;
  }

  /** Whether analysts read it: its columns are commented in the catalog. */
  public boolean isForAnalysts() {
    return audience == Audience.ANALYSTS;
  }

  /** Whether the catalog and the SQL shell give it a {@code latest_<name>} view of its latest snapshot. */
  public boolean hasLatestView() {
    return isForAnalysts() && isSnapshotTable();
  }
}
