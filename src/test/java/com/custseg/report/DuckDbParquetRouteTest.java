package com.custseg.report;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.history.SnapshotWrites;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.io.SnapshotTables;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The README's route for JDBC-only BI tools: DuckDB's JDBC driver over the Parquet output
 * (segmentation.output.format = parquet), with the read_parquet globs the README gives. They must see exactly the
 * rows Spark sees (sql.sh's views), although a run caught half-way left rows in {@code _staging} and {@code _trash};
 * and DuckDB cannot read a Delta table right (it would read the files a later commit removed).
 */
@ResourceLock(TestSpark.TEMP_VIEWS)
class DuckDbParquetRouteTest {
  private static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType, false)
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add("region_code", DataTypes.StringType, false)
      .add("value_tier", DataTypes.StringType, false);

  @TempDir
  Path dir;

  /** The README's views: one glob level per partition column, so folders starting with _ never match. */
  private static String views(Path root) {
    String segments = root.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString();
    return "CREATE VIEW customer_segments AS SELECT * FROM read_parquet('" + segments
        + "/snapshot_date=*/region_code=*/*.parquet', hive_partitioning = true);\n"
        + "CREATE VIEW latest_customer_segments AS SELECT * FROM customer_segments"
        + " WHERE snapshot_date = (SELECT max(snapshot_date) FROM customer_segments);";
  }

  @Test
  void theReadmeGlobsSeeExactlyTheLiveSnapshotsAndSkipStagedAndTrashedRows() throws Exception {
    SparkSession spark = TestSpark.session();
    String segments = dir.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString();
    SnapshotWrites first = new SnapshotWrites(spark, "run-1", SnapshotWrites.Listener.NONE,
        path -> SnapshotTables.PARQUET);
    first.replace(table(SEGMENTS, row("c1", date("2026-01-01"), "east", "vip"),
        row("c2", date("2026-01-01"), "north", "general")), segments, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(),
        LocalDate.parse("2026-01-01"));
    first.replace(table(SEGMENTS, row("c1", date("2026-02-01"), "east", "general"),
        row("c3", date("2026-02-01"), "east", "vip")), segments, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(),
        LocalDate.parse("2026-02-01"));
    first.commit();
    // A second run replaced February and stopped before its commit: the old February rows are in _trash/run-2.
    // A third one was writing: a copy of a live file sits in _staging/run-3.
    new SnapshotWrites(spark, "run-2", SnapshotWrites.Listener.NONE, path -> SnapshotTables.PARQUET)
        .replace(table(SEGMENTS, row("c1", date("2026-02-01"), "east", "general"),
            row("c3", date("2026-02-01"), "east", "vip")), segments, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(),
            LocalDate.parse("2026-02-01"));
    Path staged = Path.of(segments).resolve("_staging/run-3/data/snapshot_date=2026-02-01/region_code=east");
    Files.createDirectories(staged);
    Path live = parquetFiles(Path.of(segments).resolve("snapshot_date=2026-02-01")).get(0);
    Files.copy(live, staged.resolve(live.getFileName()));
    assertThat(parquetFiles(Path.of(segments).resolve("_trash"))).isNotEmpty();

    SqlShell.registerTables(spark, dir.toString());
    long sparkRows = spark.sql("SELECT count(*) FROM customer_segments").first().getLong(0);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      execute(duck, views(dir));

      assertThat(sparkRows).isEqualTo(4);
      assertThat(rows(duck, "SELECT count(*) FROM customer_segments")).containsExactly(List.of("4"));
      assertThat(rows(duck, "SELECT customer_id, snapshot_date, value_tier FROM latest_customer_segments"
          + " ORDER BY 1")).containsExactly(List.of("c1", "2026-02-01", "general"), List.of("c3", "2026-02-01",
          "vip"));
      assertThat(rows(duck, "SELECT data_type FROM information_schema.columns WHERE table_name ="
          + " 'customer_segments' AND column_name = 'snapshot_date'")).containsExactly(List.of("DATE"));
      // Why the globs name the partition folders: a recursive glob also reads the staged and the trashed rows.
      long trashed = Long.parseLong(rows(duck, "SELECT count(*) FROM read_parquet('" + segments
          + "/_trash/**/*.parquet')").get(0).get(0));
      long stagedRows = Long.parseLong(rows(duck, "SELECT count(*) FROM read_parquet('" + segments
          + "/_staging/**/*.parquet')").get(0).get(0));
      assertThat(trashed).isEqualTo(2);
      assertThat(stagedRows).isPositive();
      assertThat(rows(duck, "SELECT count(*) FROM read_parquet('" + segments + "/**/*.parquet')"))
          .containsExactly(List.of(String.valueOf(4 + trashed + stagedRows)));
    }
  }

  @Test
  void aDuckDbFileWithTheViewsServesBiToolsReadOnly() throws Exception {
    SparkSession spark = TestSpark.session();
    String segments = dir.resolve("out").resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString();
    SnapshotWrites writes = new SnapshotWrites(spark, "run-1", SnapshotWrites.Listener.NONE,
        path -> SnapshotTables.PARQUET);
    writes.replace(table(SEGMENTS, row("c1", date("2026-01-01"), "east", "vip")), segments,
        OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), LocalDate.parse("2026-01-01"));
    writes.commit();
    Path database = dir.resolve("segments.duckdb");
    try (Connection setup = DriverManager.getConnection("jdbc:duckdb:" + database)) {
      execute(setup, views(dir.resolve("out")));
    }

    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (Connection bi = DriverManager.getConnection("jdbc:duckdb:" + database, readOnly)) {
      assertThat(rows(bi, "SELECT customer_id, value_tier FROM latest_customer_segments"))
          .containsExactly(List.of("c1", "vip"));
      assertThatThrownBy(() -> execute(bi, "CREATE TABLE copy AS SELECT * FROM customer_segments"))
          .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
    }
  }

  @Test
  void duckDbOverADeltaTablesFilesReadsRowsALaterCommitRemoved() throws Exception {
    String segments = dir.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString();
    DeltaTables.replaceSnapshot(table(SEGMENTS, row("c1", date("2026-01-01"), "east", "vip")), segments,
        OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), LocalDate.parse("2026-01-01"));
    DeltaTables.replaceSnapshot(table(SEGMENTS, row("c1", date("2026-01-01"), "east", "general")), segments,
        OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), LocalDate.parse("2026-01-01"));

    assertThat(TestSpark.session().read().format("delta").load(segments).count()).isEqualTo(1);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(rows(duck, "SELECT value_tier FROM read_parquet('" + segments
          + "/snapshot_date=*/region_code=*/*.parquet', hive_partitioning = true) ORDER BY 1"))
          .containsExactly(List.of("general"), List.of("vip"));
    }
  }

  private static List<Path> parquetFiles(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String one : sql.split(";\n")) {
        statement.execute(one);
      }
    }
  }

  private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
