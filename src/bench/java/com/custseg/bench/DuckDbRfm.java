package com.custseg.bench;

import com.custseg.features.TieAwareCuts;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The reference RFM table computed by DuckDB on the same Parquet transactions, and its comparison with the job's
 * {@code customer_segments} output.
 *
 * <p>Same definitions as the job: the order date is the local date in Asia/Shanghai (UTC+8, no daylight saving
 * since 1991, so a fixed offset is exact); a line is a return when its amount is negative or its order id starts with
 * {@code R} (the bundled config's {@code return-when}); frequency counts distinct purchase orders, monetary nets
 * returns, recency counts days from the last purchase day to the snapshot. The quantile grid is DuckDB's exact
 * {@code quantile_disc} at the same 999 probabilities the job's {@code percentile_approx} uses, turned into cut points
 * by the job's own tie rule, so the score agreement measures the approximate quantiles alone.
 */
final class DuckDbRfm {
  private static final int GRID = 1000;
  private static final int BINS = 5;

  record Result(double seconds, long buyers, long customersCompared, long rfmMismatches, double rScoreAgreement,
      double fScoreAgreement, double mScoreAgreement) {}

  static Result run(Path transactions, LocalDate asOf, Path customerSegments, int threads) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      st.execute("SET threads = " + threads);
      long started = System.nanoTime();
      st.execute("CREATE TABLE rfm AS "
          + "WITH lines AS ("
          + "  SELECT customer_id, order_id, CAST(amount AS DECIMAL(18,2)) AS amount,"
          + "         CAST(to_timestamp(epoch(order_time) + 8 * 3600) AS DATE) AS order_date,"
          + "         (amount < 0 OR order_id LIKE 'R%') AS is_return"
          + "  FROM read_parquet('" + transactions.resolve("*.parquet") + "'))"
          + " SELECT customer_id,"
          + "   count(DISTINCT order_id) FILTER (WHERE NOT is_return) AS frequency,"
          + "   CAST(sum(amount) AS DECIMAL(18,2)) AS monetary,"
          + "   DATE '" + asOf + "' - max(order_date) FILTER (WHERE NOT is_return) AS recency_days"
          + " FROM lines WHERE order_date < DATE '" + asOf + "'"
          + " GROUP BY customer_id HAVING count(*) FILTER (WHERE NOT is_return) > 0");
      double[][] cuts = cuts(st, "rfm");
      st.execute("CREATE TABLE scored AS SELECT *,"
          + score("-CAST(recency_days AS DOUBLE)", cuts[0]) + " AS r_score,"
          + score("CAST(frequency AS DOUBLE)", cuts[1]) + " AS f_score,"
          + score("CAST(monetary AS DOUBLE)", cuts[2]) + " AS m_score FROM rfm");
      double seconds = (System.nanoTime() - started) / 1e9;

      try (ResultSet r = st.executeQuery("WITH spark AS ("
          + "  SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score"
          + "  FROM read_parquet('" + customerSegments.resolve("**/*.parquet") + "', hive_partitioning = false)"
          + "  WHERE is_buyer)"
          + " SELECT (SELECT count(*) FROM scored),"
          + "   count(*),"
          + "   count(*) FILTER (WHERE s.recency_days IS DISTINCT FROM d.recency_days"
          + "     OR s.frequency IS DISTINCT FROM d.frequency OR s.monetary IS DISTINCT FROM d.monetary),"
          + "   avg(CASE WHEN s.r_score = d.r_score THEN 1.0 ELSE 0.0 END),"
          + "   avg(CASE WHEN s.f_score = d.f_score THEN 1.0 ELSE 0.0 END),"
          + "   avg(CASE WHEN s.m_score = d.m_score THEN 1.0 ELSE 0.0 END)"
          + " FROM scored d FULL OUTER JOIN spark s USING (customer_id)")) {
        r.next();
        return new Result(seconds, r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), r.getDouble(5),
            r.getDouble(6));
      }
    }
  }

  /**
   * The R, F and M cut points of the buyers in {@code table} (columns recency_days, frequency, monetary): DuckDB's
   * exact quantiles at the job's grid, turned into cut points by the job's tie rule.
   */
  static double[][] cuts(Statement st, String table) throws SQLException {
    String probabilities = IntStream.range(1, GRID).mapToObj(i -> Double.toString(i / (double) GRID))
        .collect(Collectors.joining(",", "[", "]"));
    double[][] cuts = new double[3][];
    try (ResultSet grid = st.executeQuery("SELECT"
        + " quantile_disc(-CAST(recency_days AS DOUBLE), " + probabilities + "),"
        + " quantile_disc(CAST(frequency AS DOUBLE), " + probabilities + "),"
        + " quantile_disc(CAST(monetary AS DOUBLE), " + probabilities + ") FROM " + table)) {
      grid.next();
      for (int d = 0; d < 3; d++) {
        cuts[d] = TieAwareCuts.cuts(doubles(grid.getArray(d + 1)), BINS);
      }
    }
    return cuts;
  }

  /** {@code 1 + number of cut points below the value}, the job's scoring rule. */
  static String score(String value, double[] cuts) {
    String list = Arrays.stream(cuts).mapToObj(c -> String.format(Locale.ROOT, "%.17g", c))
        .collect(Collectors.joining(",", "[", "]"));
    return "(1 + len(list_filter(CAST(" + list + " AS DOUBLE[]), c -> c < " + value + ")))";
  }

  private static double[] doubles(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    return Arrays.stream(values).mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  private DuckDbRfm() {}
}
