package com.custseg.history;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.features.RfmColumns;
import com.custseg.io.CustomerColumns;
import com.custseg.region.RegionColumns;
import com.custseg.segment.SegmentColumns;
import com.custseg.testing.Fixtures;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SegmentMigrationTest {
  private static final StructType SEGMENTS = new StructType()
      .add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType, false)
      .add(RegionColumns.REGION_CODE, DataTypes.StringType, false)
      .add(RfmColumns.MONETARY, DataTypes.createDecimalType(18, 2), false)
      .add(SegmentColumns.VALUE_TIER, DataTypes.StringType, false)
      .add(SegmentColumns.CLUSTER_ID, DataTypes.IntegerType, false);

  private static final LocalDate DECEMBER = LocalDate.of(2025, 12, 1);
  private static final LocalDate JANUARY = LocalDate.of(2026, 1, 1);

  // c1 drops from vip to potential, c2 stays general, c3 leaves, c4 and c5 arrive; c2 and c5 share a region.
  private static final Dataset<Row> PREVIOUS = table(SEGMENTS,
      row("c1", "east", money("100.00"), "vip", 0),
      row("c2", "east", money("50.00"), "general", 1),
      row("c3", "north", money("20.00"), "potential", 1));
  private static final Dataset<Row> CURRENT = table(SEGMENTS,
      row("c1", "east", money("80.50"), "potential", 1),
      row("c2", "east", money("60.25"), "general", 1),
      row("c4", "south", money("10.00"), "vip", 0),
      row("c5", "east", money("5.05"), "general", 2));

  @Test
  void tierMovesAreCountedPerRegionWithNewAndGoneCustomers() {
    Dataset<Row> migration = SegmentMigration.between(PREVIOUS, CURRENT, DECEMBER, JANUARY,
        List.of(SegmentColumns.VALUE_TIER));

    assertThat(Fixtures.values(migration.drop("snapshot_date", "previous_snapshot_date", "dimension")
        .orderBy("region_code", "from_value", "to_value")))
        .containsExactlyInAnyOrderElementsOf(rows(
            row("east", "(new)", "general", 1L, money("5.05")),
            row("east", "general", "general", 1L, money("60.25")),
            row("east", "vip", "potential", 1L, money("80.50")),
            row("north", "potential", "(gone)", 1L, money("20.00")),
            row("south", "(new)", "vip", 1L, money("10.00"))));
  }

  @Test
  void everyDimensionAccountsForEveryCustomerOfBothSnapshots() {
    Dataset<Row> migration = SegmentMigration.between(PREVIOUS, CURRENT, DECEMBER, JANUARY,
        List.of(SegmentColumns.VALUE_TIER, SegmentColumns.CLUSTER_ID));

    // 5 distinct customers over the two snapshots, per dimension; revenue 80.50 + 60.25 + 20.00 + 10.00 + 5.05
    assertThat(Fixtures.values(migration.groupBy("dimension").agg(
        org.apache.spark.sql.functions.sum("customers"), org.apache.spark.sql.functions.sum("revenue"))))
        .containsExactly(
            List.of("cluster_id", 5L, money("175.80")),
            List.of("value_tier", 5L, money("175.80")));
    assertThat(Fixtures.values(migration.where("dimension = 'cluster_id' AND region_code = 'east'")
        .select("from_value", "to_value", "customers")))
        .containsExactlyInAnyOrder(List.of("(new)", "2", 1L), List.of("0", "1", 1L), List.of("1", "1", 1L));
    assertThat(Fixtures.values(migration.select("snapshot_date", "previous_snapshot_date").distinct()))
        .containsExactly(List.of(date("2026-01-01"), date("2025-12-01")));
  }

  @Test
  void aMigrationNeedsAtLeastOneDimension() {
    assertThatThrownBy(() -> SegmentMigration.between(PREVIOUS, CURRENT, DECEMBER, JANUARY, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment migration needs at least one dimension column");
  }
}
