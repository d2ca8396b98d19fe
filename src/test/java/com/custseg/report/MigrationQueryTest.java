package com.custseg.report;

import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.table;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.features.RfmColumns;
import com.custseg.history.SegmentMigration;
import com.custseg.io.CustomerColumns;
import com.custseg.io.DeltaTables;
import com.custseg.io.OutputTables;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** notebooks-data/queries/vip_migration_into_churn_risk.sql over a segment_migration table of two snapshots. */
@ResourceLock(TestSpark.TEMP_VIEWS)
class MigrationQueryTest {
  private static final StructType SEGMENTS = new StructType()
      .add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType, false)
      .add(RegionColumns.REGION_CODE, DataTypes.StringType, false)
      .add(RfmColumns.MONETARY, DataTypes.createDecimalType(18, 2), false)
      .add(SegmentColumns.VALUE_TIER, DataTypes.StringType, false);
  private static final LocalDate DECEMBER = LocalDate.of(2025, 12, 1);
  private static final LocalDate JANUARY = LocalDate.of(2026, 1, 1);

  @TempDir
  Path dir;

  @Test
  void formerVipsNowAtChurnRiskOrLostAreCountedPerRegionWithTheirRevenue() throws IOException {
    SparkSession spark = TestSpark.session();
    // December's VIPs: v1, v2 (east), v3 (north), v4 (south). In January v1 slips to churn_risk, v2 stays vip, v3
    // is lost, v4 is gone from the customer table; g1 (east) was general and is not a former VIP.
    Dataset<Row> december = table(SEGMENTS,
        row("v1", "east", money("900.00"), "vip"),
        row("v2", "east", money("800.00"), "vip"),
        row("v3", "north", money("700.00"), "vip"),
        row("v4", "south", money("600.00"), "vip"),
        row("g1", "east", money("50.00"), "general"));
    Dataset<Row> january = table(SEGMENTS,
        row("v1", "east", money("930.00"), "churn_risk"),
        row("v2", "east", money("1500.00"), "vip"),
        row("v3", "north", money("712.34"), "lost"),
        row("g1", "east", money("60.00"), "churn_risk"));
    DeltaTables.replaceSnapshot(SegmentMigration.between(december, january, DECEMBER, JANUARY,
            List.of(SegmentColumns.VALUE_TIER)), dir.resolve(OutputTables.SEGMENT_MIGRATION.name()).toString(),
        List.of(OutputTables.SNAPSHOT_DATE), JANUARY);
    SqlShell.registerTables(spark, dir.toString());

    List<String> statements = SqlStatements.split(Files.readString(
        Path.of("notebooks-data/queries/vip_migration_into_churn_risk.sql")));
    assertThat(statements).hasSize(1);
    Dataset<Row> result = spark.sql(statements.get(0));

    assertThat(result.columns()).containsExactly("region_code", "former_vip_customers", "slipping_customers",
        "slipping_revenue", "slipping_share_pct");
    assertThat(values(result)).isEqualTo(rows(
        row("east", 2L, 1L, money("930.00"), new BigDecimal("50.0")),
        row("north", 1L, 1L, money("712.34"), new BigDecimal("100.0")),
        row("south", 1L, 0L, money("0.00"), new BigDecimal("0.0"))));
  }
}
