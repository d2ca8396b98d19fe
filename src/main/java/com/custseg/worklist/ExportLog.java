package com.custseg.worklist;

import com.custseg.io.OutputTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code export_log} table: one row per file of a snapshot's worklist export, replaced with the export. */
public final class ExportLog {
  public static final String RUN_ID = "run_id";
  public static final String EXPORTED_AT = "exported_at";
  public static final String FILE = "file";
  public static final String FORMAT = "format";
  public static final String ENCODING = "encoding";
  public static final String ROWS = "rows";
  public static final String CONTACTS_INCLUDED = "contacts_included";
  public static final String SHA256 = "sha256";

  public static final StructType SCHEMA = new StructType()
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add(RUN_ID, DataTypes.StringType, false)
      .add(EXPORTED_AT, DataTypes.TimestampType, false)
      .add(ActionList.TEAM, DataTypes.StringType, false)
      .add(ActionList.TEAM_NAME, DataTypes.StringType, false)
      .add(FILE, DataTypes.StringType, false)
      .add(FORMAT, DataTypes.StringType, false)
      .add(ENCODING, DataTypes.StringType, false)
      .add(ROWS, DataTypes.LongType, false)
      .add(CONTACTS_INCLUDED, DataTypes.BooleanType, false)
      .add(SHA256, DataTypes.StringType, false);

  /** The log rows of one export (a few per team). */
  public static Dataset<Row> rows(SparkSession spark, List<ExportedFile> files, LocalDate snapshot, String runId,
      Instant exportedAt) {
    List<Row> rows = files.stream().map(f -> RowFactory.create(Date.valueOf(snapshot), runId,
        Timestamp.from(exportedAt), f.team(), f.teamName(), f.file(), f.format(), f.encoding(), f.rows(),
        f.contacts(), f.sha256())).toList();
    return spark.createDataFrame(rows, SCHEMA).coalesce(1);
  }

  private ExportLog() {}
}
