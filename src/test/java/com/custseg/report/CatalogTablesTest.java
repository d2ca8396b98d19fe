package com.custseg.report;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.OutputConfig;
import com.custseg.config.OutputFormat;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTable;
import com.custseg.io.OutputTables;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration in the shared session's in-memory catalog; the database is dropped after each test. */
class CatalogTablesTest {
  private static final String DB = "custseg_catalog_test";
  private static final StructType SEGMENTS = new StructType()
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add("region_code", DataTypes.StringType, false)
      .add("customer_id", DataTypes.StringType, false)
      .add("monetary", DataTypes.createDecimalType(18, 2), false)
      .add("value_tier", DataTypes.StringType, false);

  @TempDir
  Path dir;

  @AfterEach
  void dropDatabase() {
    spark().sql("DROP DATABASE IF EXISTS " + DB + " CASCADE");
  }

  private List<OutputTable> writeTables() {
    String segments = dir.resolve(OutputTables.CUSTOMER_SEGMENTS.name()).toString();
    Dataset<Row> january = table(SEGMENTS, row(date("2025-01-01"), "east", "c1", money("10.00"), "vip"),
        row(date("2025-01-01"), "north", "c2", money("20.00"), "general"));
    Dataset<Row> february = table(SEGMENTS, row(date("2025-02-01"), "east", "c1", money("12.50"), "vip"));
    DeltaTables.replaceSnapshot(january, segments, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(),
        LocalDate.parse("2025-01-01"));
    DeltaTables.replaceSnapshot(february, segments, OutputTables.CUSTOMER_SEGMENTS.partitionColumns(),
        LocalDate.parse("2025-02-01"));
    String customers = dir.resolve(OutputTables.CUSTOMERS_CLEAN.name()).toString();
    DeltaTables.replaceSnapshot(table(new StructType().add("customer_id", DataTypes.StringType)
            .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType), row("c1", date("2025-02-01"))),
        customers, List.of(OutputTables.SNAPSHOT_DATE), LocalDate.parse("2025-02-01"));
    // segment_summary is not written.
    return List.of(OutputTables.CUSTOMER_SEGMENTS, OutputTables.SEGMENT_SUMMARY, OutputTables.CUSTOMERS_CLEAN);
  }

  private List<String> register(List<OutputTable> tables) {
    return CatalogTables.register(spark(), DB, new OutputConfig(dir.toString(), 0, 168, "", OutputFormat.DELTA, 10),
        tables);
  }

  private String path(OutputTable table) {
    return dir.resolve(table.name()).toString();
  }

  /** DESCRIBE TABLE as column -> comment, without the partition section. */
  private static Map<String, String> columnComments(String table) {
    Map<String, String> comments = new LinkedHashMap<>();
    for (Row r : spark().sql("DESCRIBE TABLE " + table).collectAsList()) {
      if (r.getString(0).startsWith("#")) {
        break;
      }
      comments.put(r.getString(0), r.getString(2));
    }
    return comments;
  }

  private static String tableComment(String table) {
    return spark().sql("DESCRIBE TABLE EXTENDED " + table).where("col_name = 'Comment'").first().getString(1);
  }

  @Test
  void everyWrittenTableIsRegisteredWithItsCommentsAndALatestSnapshotView() {
    List<OutputTable> tables = writeTables();

    List<String> registered = register(tables);

    assertThat(registered).containsExactly(DB + ".customer_segments", DB + ".latest_customer_segments",
        DB + ".customers_clean");
    Map<String, String> comments = new LinkedHashMap<>();
    comments.put("snapshot_date", "Snapshot date: transactions dated strictly before it count");
    comments.put("region_code", "Region code: north, northeast, east, central, south, southwest, northwest,"
        + " unknown");
    comments.put("customer_id", "Customer id as in the source");
    comments.put("monetary", "Net spend: purchases minus returns, base currency");
    comments.put("value_tier", "Value tier code (vip, key_maintain, potential, churn_risk, ...)");
    assertThat(columnComments(DB + ".customer_segments")).containsExactlyEntriesOf(comments);
    assertThat(tableComment(DB + ".customer_segments")).startsWith("One row per customer and snapshot:");
    // The view carries the comments through and holds only February.
    assertThat(columnComments(DB + ".latest_customer_segments")).containsExactlyEntriesOf(comments);
    assertThat(spark().sql("SELECT snapshot_date, customer_id, monetary FROM " + DB + ".latest_customer_segments")
        .collectAsList().toString()).isEqualTo("[[2025-02-01,c1,12.50]]");
    // Silver tables: a table comment, no column comments.
    assertThat(columnComments(DB + ".customers_clean")).containsEntry("customer_id", null);
    assertThat(tableComment(DB + ".customers_clean")).startsWith("Silver layer: the cleaned customers");
    // The comments live in the Delta log too: visible over the path, without the catalog.
    assertThat(spark().read().format("delta").load(path(OutputTables.CUSTOMER_SEGMENTS)).schema()
        .apply("monetary").getComment().get()).isEqualTo("Net spend: purchases minus returns, base currency");
  }

  @Test
  void registeringAgainWithUnchangedCommentsCommitsNothing() {
    List<OutputTable> tables = writeTables();
    String segments = path(OutputTables.CUSTOMER_SEGMENTS);
    register(tables);
    long version = DeltaTable.forPath(spark(), segments).history(1).first().getLong(0);

    register(tables);

    // Two data commits, then one for the column comments and one for the table comment.
    assertThat(version).isEqualTo(3);
    assertThat(DeltaTable.forPath(spark(), segments).history(1).first().getLong(0)).isEqualTo(version);
  }

  @Test
  void aDatabaseNameThatIsNotAPlainIdentifierIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> new OutputConfig("output", 0, 168, "bi-tables", OutputFormat.DELTA, 10))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.output.catalog-database must be empty (no registration) or a database name of"
            + " letters, digits and _, got: bi-tables");
    assertThat(new OutputConfig("output", 0, 168, " ", OutputFormat.DELTA, 10).registersInCatalog()).isFalse();
    assertThat(new OutputConfig("output", 0, 168, "bi", OutputFormat.DELTA, 10).registersInCatalog()).isTrue();
  }

  private static SparkSession spark() {
    return com.custseg.testing.TestSpark.session();
  }
}
