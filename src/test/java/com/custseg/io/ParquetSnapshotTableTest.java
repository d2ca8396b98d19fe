package com.custseg.io;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.history.Retention;
import com.custseg.io.OutputTables;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet snapshot tables (segmentation.output.format = parquet): the same Hive-style layout as Delta, plain Parquet
 * that any reader sees as exactly the live snapshots, replaced by folder swaps that a failed run undoes.
 */
class ParquetSnapshotTableTest {
  private static final LocalDate JANUARY = LocalDate.parse("2026-01-01");
  private static final LocalDate FEBRUARY = LocalDate.parse("2026-02-01");
  private static final LocalDate MARCH = LocalDate.parse("2026-03-01");
  private static final StructType SEGMENTS = new StructType()
      .add("customer_id", DataTypes.StringType, false)
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add("region_code", DataTypes.StringType, false)
      .add("monetary", DataTypes.createDecimalType(18, 2), false);
  private static final SnapshotTable PARQUET = SnapshotTables.PARQUET;

  @TempDir
  Path dir;

  private static SparkSession spark() {
    return TestSpark.session();
  }

  private static Dataset<Row> january() {
    return table(SEGMENTS, row("c1", date("2026-01-01"), "east", money("10.00")),
        row("c2", date("2026-01-01"), "north", money("20.00")),
        row("c3", date("2026-01-01"), "east", money("5.50")));
  }

  private static Dataset<Row> february() {
    return table(SEGMENTS, row("c1", date("2026-02-01"), "east", money("12.50")),
        row("c4", date("2026-02-01"), "south", money("7.00")));
  }

  /** January rerun: c2 left, c5 joined, c1 spent more. */
  private static Dataset<Row> januaryRerun() {
    return table(SEGMENTS, row("c1", date("2026-01-01"), "east", money("11.00")),
        row("c5", date("2026-01-01"), "01", money("3.25")));
  }

  private SnapshotTable.Replacement write(Dataset<Row> rows, String path, LocalDate snapshot, String runId) {
    return PARQUET.replaceSnapshot(spark(), rows, path, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), snapshot, runId);
  }

  /** What a plain Parquet reader sees, as "customer snapshot region monetary", sorted. */
  private static List<String> plainRows(String path) {
    return spark().read().parquet(path).select("customer_id", OutputTables.SNAPSHOT_DATE, "region_code", "monetary")
        .collectAsList().stream().map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3)).sorted()
        .toList();
  }

  /** Every file and folder under {@code root}, relative, sorted (crc files included). */
  private static List<String> tree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rewritingASnapshotReplacesExactlyItsFolderAndAPlainParquetReaderSeesOnlyTheLiveRows() {
    String path = dir.resolve("customer_segments").toString();
    write(january(), path, JANUARY, "run-1").commit();
    write(february(), path, FEBRUARY, "run-2").commit();
    assertThat(plainRows(path)).hasSize(5);

    SnapshotTable.Replacement rerun = write(januaryRerun(), path, JANUARY, "run-3");

    // Before the run commits, the old January sits in _trash/run-3 and the run's marker in _staging/run-3: folders
    // starting with _ are skipped by Spark's partition discovery, so the reader sees the new January and February.
    assertThat(tree(dir.resolve("customer_segments"))).contains("_trash/run-3/snapshot_date=2026-01-01",
        "_trash/run-3/snapshot_date=2026-01-01/region_code=north", "_staging/run-3/_replacing_2026-01-01");
    List<String> expected = List.of("c1 2026-01-01 east 11.00", "c1 2026-02-01 east 12.50",
        "c4 2026-02-01 south 7.00", "c5 2026-01-01 01 3.25");
    assertThat(plainRows(path)).isEqualTo(expected);

    rerun.commit();

    assertThat(plainRows(path)).isEqualTo(expected);
    assertThat(spark().read().parquet(path).count()).isEqualTo(4);
    // The layout of the Delta tables, without a log or leftovers; one file per partition folder.
    assertThat(tree(dir.resolve("customer_segments")).stream().filter(p -> !p.contains("part-"))).containsExactly(
        "snapshot_date=2026-01-01", "snapshot_date=2026-01-01/region_code=01",
        "snapshot_date=2026-01-01/region_code=east", "snapshot_date=2026-02-01",
        "snapshot_date=2026-02-01/region_code=east", "snapshot_date=2026-02-01/region_code=south");
    assertThat(tree(dir.resolve("customer_segments")).stream()
        .filter(p -> p.contains("/part-") && p.endsWith(".parquet") && !p.contains("/."))).hasSize(4);
    // The job's reader types the partition columns as written (snapshot_date a date, the others strings), whatever
    // Spark's inference would make of the folder names.
    assertThat(PARQUET.readSnapshot(spark(), path, JANUARY).orderBy("customer_id")
        .select("customer_id", "region_code", "monetary").collectAsList().toString())
        .isEqualTo("[[c1,east,11.00], [c5,01,3.25]]");
    assertThat(PARQUET.read(spark(), path).schema().apply(OutputTables.SNAPSHOT_DATE).dataType())
        .isEqualTo(DataTypes.DateType);
    assertThat(PARQUET.snapshots(spark(), path)).containsExactlyInAnyOrder(JANUARY, FEBRUARY);
    assertThat(PARQUET.latestSnapshotBefore(spark(), path, MARCH)).contains(FEBRUARY);
    assertThat(PARQUET.latestSnapshotBefore(spark(), path, JANUARY)).isEmpty();
    assertThat(PARQUET.partitionColumns(spark(), path)).containsExactly(OutputTables.SNAPSHOT_DATE, "region_code");
    assertThat(SnapshotTables.at(spark(), path)).isSameAs(PARQUET);
  }

  @Test
  void partitionValuesKeepTheTypeTheJobWroteEvenWhenTheyLookLikeNumbers() {
    String path = dir.resolve("customer_segments").toString();
    write(table(SEGMENTS, row("c1", date("2026-01-01"), "01", money("1.00")),
        row("c2", date("2026-01-01"), "02", money("2.00"))), path, JANUARY, "run-1").commit();

    assertThat(spark().read().parquet(path).schema().apply("region_code").dataType())
        .isEqualTo(DataTypes.IntegerType);
    assertThat(PARQUET.read(spark(), path).orderBy("customer_id").select("region_code").collectAsList().toString())
        .isEqualTo("[[01], [02]]");
  }

  @Test
  void undoingAFailedRunPutsBackTheFilesOfTheTableBeforeIt() {
    String path = dir.resolve("customer_segments").toString();
    write(january(), path, JANUARY, "run-1").commit();
    List<String> before = tree(dir.resolve("customer_segments"));

    // The second run replaces January and adds February, then fails: the writes are undone, last first.
    SnapshotTable.Replacement rerun = write(januaryRerun(), path, JANUARY, "run-2");
    SnapshotTable.Replacement added = write(february(), path, FEBRUARY, "run-2");
    assertThat(plainRows(path)).hasSize(4);
    added.undo();
    rerun.undo();

    assertThat(tree(dir.resolve("customer_segments"))).isEqualTo(before);
    assertThat(plainRows(path)).containsExactly("c1 2026-01-01 east 10.00", "c2 2026-01-01 north 20.00",
        "c3 2026-01-01 east 5.50");
  }

  @Test
  void aWriteThatFailsHalfWayLeavesTheSnapshotAsItWas() {
    String path = dir.resolve("customer_segments").toString();
    write(january(), path, JANUARY, "run-1").commit();
    List<String> before = tree(dir.resolve("customer_segments"));
    // Division by zero fails the Spark job writing the staged files (ANSI mode).
    Dataset<Row> failing = januaryRerun().withColumn("monetary",
        org.apache.spark.sql.functions.expr("CAST(monetary / 0 AS DECIMAL(18,2))"));

    assertThatThrownBy(() -> write(failing, path, JANUARY, "run-2"))
        .hasStackTraceContaining("DIVIDE_BY_ZERO");

    assertThat(tree(dir.resolve("customer_segments"))).isEqualTo(before);
  }

  @Test
  void rowsOfAnotherSnapshotAreRefusedAndTheSnapshotLeftAsItWas() {
    String path = dir.resolve("customer_segments").toString();
    write(january(), path, JANUARY, "run-1").commit();
    List<String> before = tree(dir.resolve("customer_segments"));

    assertThatThrownBy(() -> write(february(), path, JANUARY, "run-2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows written to snapshot 2026-01-01 of " + path + " hold other snapshot dates: [2026-02-01]");

    assertThat(tree(dir.resolve("customer_segments"))).isEqualTo(before);
  }

  @Test
  void retentionKeepsTheNewestSnapshotFoldersAndDeletesTheOthers() {
    String path = dir.resolve("customer_segments").toString();
    write(january(), path, JANUARY, "run-1").commit();
    write(february(), path, FEBRUARY, "run-2").commit();
    write(table(SEGMENTS, row("c6", date("2026-03-01"), "east", money("1.00"))), path, MARCH, "run-3").commit();

    int dropped = Retention.apply(spark(), List.of(path, dir.resolve("never_written").toString()), 2, 168);

    assertThat(dropped).isEqualTo(1);
    assertThat(PARQUET.snapshots(spark(), path)).containsExactlyInAnyOrder(FEBRUARY, MARCH);
    assertThat(plainRows(path)).containsExactly("c1 2026-02-01 east 12.50", "c4 2026-02-01 south 7.00",
        "c6 2026-03-01 east 1.00");
  }

  @Test
  void writingParquetIntoADeltaTableIsRefusedNamingTheKey() {
    String path = dir.resolve("customer_segments").toString();
    DeltaTables.replaceSnapshot(january(), path, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(), JANUARY);

    assertThatThrownBy(() -> write(february(), path, FEBRUARY, "run-2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(path + " is a Delta table but segmentation.output.format is parquet: write the Parquet output"
            + " to another segmentation.output.path, or set segmentation.output.format = delta");
    assertThat(SnapshotTables.at(spark(), path)).isSameAs(SnapshotTables.DELTA);
  }
}
