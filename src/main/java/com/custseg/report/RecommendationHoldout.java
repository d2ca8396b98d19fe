package com.custseg.report;

import static org.apache.spark.sql.functions.col;

import com.custseg.io.SnapshotTables;
import com.custseg.recommend.RecommendColumns;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The snapshot's recommendation holdout over all evaluated customers, one score per method (ALS, global and segment
 * popularity); empty when the run had no calibration end date.
 */
record RecommendationHoldout(int topN, List<Score> scores) {
  static final RecommendationHoldout NONE = new RecommendationHoldout(0, List.of());

  record Score(String method, long customers, double precision, double recall, double map) {}

  RecommendationHoldout {
    scores = List.copyOf(scores);
  }

  boolean present() {
    return !scores.isEmpty();
  }

  /** The score of {@code method}, or null. */
  Score of(String method) {
    return scores.stream().filter(s -> s.method().equals(method)).findFirst().orElse(null);
  }

  /** Bounded: one row per method. */
  static RecommendationHoldout collect(SparkSession spark, String path, LocalDate snapshot) {
    if (!SnapshotTables.exists(spark, path)) {
      return NONE;
    }
    List<Row> rows = SnapshotTables.readSnapshot(spark, path, snapshot)
        .where(col(RecommendColumns.SEGMENT).equalTo(RecommendColumns.ALL))
        .select(RecommendColumns.METHOD, RecommendColumns.CUSTOMERS, RecommendColumns.PRECISION,
            RecommendColumns.RECALL, RecommendColumns.MAP, RecommendColumns.TOP_N)
        .orderBy(RecommendColumns.METHOD).collectAsList();
    if (rows.isEmpty()) {
      return NONE;
    }
    return new RecommendationHoldout(rows.get(0).getInt(5), rows.stream().map(r -> new Score(r.getString(0),
        r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4))).toList());
  }
}
