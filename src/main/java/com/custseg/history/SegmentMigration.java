package com.custseg.history;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.custseg.features.RfmColumns;
import com.custseg.io.CustomerColumns;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import com.custseg.region.RegionColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How customers moved between two snapshots of {@code customer_segments}: for each classification (value tier,
 * cluster, RFM segment, ...) the from × to counts and revenue per region, with customers new in this snapshot coming
 * from {@link #NEW} and customers no longer present going to {@link #GONE}.
 *
 * <p>One full outer join on customer_id, then one row per customer and dimension (an explode, not one join per
 * dimension), then a grouped count: nothing leaves the executors but the result, which has at most
 * regions × dimensions × values² rows.
 */
public final class SegmentMigration {
  public static final String PREVIOUS_SNAPSHOT_DATE = "previous_snapshot_date";
  public static final String DIMENSION = "dimension";
  public static final String FROM_VALUE = "from_value";
  public static final String TO_VALUE = "to_value";
  /** from_value of a customer absent from the previous snapshot. */
  public static final String NEW = "(new)";
  /** to_value of a customer absent from this snapshot. */
  public static final String GONE = "(gone)";

  public static final List<String> COLUMNS = List.of(OutputTables.SNAPSHOT_DATE, PREVIOUS_SNAPSHOT_DATE,
      RegionColumns.REGION_CODE, DIMENSION, FROM_VALUE, TO_VALUE, OutputTables.CUSTOMERS, OutputTables.REVENUE);

  private static final String IN_PREVIOUS = "_in_previous";
  private static final String IN_CURRENT = "_in_current";
  private static final String MOVE = "_move";

  /**
   * @param previous the previous snapshot's customer_segments rows
   * @param current this snapshot's customer_segments rows
   * @param dimensions classification columns present in both (compared as text)
   * @return segment_migration rows; revenue is this snapshot's monetary, or the previous one for gone customers
   */
  public static Dataset<Row> between(Dataset<Row> previous, Dataset<Row> current, LocalDate previousDate,
      LocalDate snapshotDate, List<String> dimensions) {
    if (dimensions.isEmpty()) {
      throw new IllegalArgumentException("segment migration needs at least one dimension column");
    }
    Dataset<Row> before = side(previous, "_prev_", IN_PREVIOUS, dimensions);
    Dataset<Row> after = side(current, "_cur_", IN_CURRENT, dimensions);
    Dataset<Row> joined = before.join(after, before.col("_prev_id").equalTo(after.col("_cur_id")), "full_outer");

    List<Column> moves = new ArrayList<>();
    for (String d : dimensions) {
      moves.add(struct(
          lit(d).as(DIMENSION),
          when(col(IN_PREVIOUS).isNull(), lit(NEW)).otherwise(coalesce(col("_prev_" + d), lit("null"))).as(FROM_VALUE),
          when(col(IN_CURRENT).isNull(), lit(GONE)).otherwise(coalesce(col("_cur_" + d), lit("null"))).as(TO_VALUE)));
    }
    return joined
        .select(
            coalesce(col("_cur_region"), col("_prev_region")).as(RegionColumns.REGION_CODE),
            coalesce(col("_cur_monetary"), col("_prev_monetary")).as(OutputTables.REVENUE),
            explode(array(moves.toArray(Column[]::new))).as(MOVE))
        .groupBy(col(RegionColumns.REGION_CODE), col(MOVE + "." + DIMENSION).as(DIMENSION),
            col(MOVE + "." + FROM_VALUE).as(FROM_VALUE), col(MOVE + "." + TO_VALUE).as(TO_VALUE))
        .agg(count(lit(1)).as(OutputTables.CUSTOMERS),
            sum(col(OutputTables.REVENUE)).cast(TransactionColumns.MONEY).as(OutputTables.REVENUE))
        .withColumn(OutputTables.SNAPSHOT_DATE, lit(Date.valueOf(snapshotDate)))
        .withColumn(PREVIOUS_SNAPSHOT_DATE, lit(Date.valueOf(previousDate)))
        .select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  private static Dataset<Row> side(Dataset<Row> segments, String prefix, String presentFlag, List<String> dimensions) {
    List<Column> columns = new ArrayList<>(List.of(
        col(CustomerColumns.CUSTOMER_ID).as(prefix + "id"),
        col(RegionColumns.REGION_CODE).as(prefix + "region"),
        col(RfmColumns.MONETARY).as(prefix + "monetary"),
        lit(true).as(presentFlag)));
    for (String d : dimensions) {
      columns.add(col(d).cast("string").as(prefix + d));
    }
    return segments.select(columns.toArray(Column[]::new));
  }

  private SegmentMigration() {}
}
