package com.custseg.bench;

import com.custseg.config.JobConfig;
import com.custseg.config.TierRule;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule-based part of the job done by DuckDB on the same Parquet files, as a reference for the job's own cost of
 * that part: clean (typed lines, exact copies removed, unusable lines left out), RFM per customer (customers without
 * purchases included), quantile scores, the value tiers of the run's own rules (the bundled rules are plain SQL that
 * DuckDB evaluates as Spark does), and a Parquet write partitioned by snapshot date and region. Provinces are mapped
 * to regions by the job's own {@link RegionMapping#resolve} over the distinct raw values (a few hundred), so both
 * sides use one mapping rule.
 *
 * <p>The tiers are compared with the job's {@code customer_segments}: they differ only where an approximate
 * quantile of the job moved a customer across a score cut (see {@link DuckDbRfm}).
 */
final class DuckDbRuleBased {

  record Result(double seconds, long customers, long customersCompared, double tierAgreement, double regionAgreement) {}

  static Result run(Path data, LocalDate asOf, JobConfig config, RegionMapping regions, Path customerSegments,
      Path output, int threads) throws SQLException {
    List<TierRule> tiers = config.tiers();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      st.execute("SET threads = " + threads);
      st.execute("SET preserve_insertion_order = false");
      long started = System.nanoTime();
      st.execute("CREATE TABLE customers AS SELECT DISTINCT customer_id, province FROM read_parquet('"
          + data.resolve("customers").resolve("*.parquet") + "') WHERE customer_id IS NOT NULL");
      st.execute("CREATE TABLE provinces (province VARCHAR, region_code VARCHAR)");
      List<String> raw = new ArrayList<>();
      try (ResultSet r = st.executeQuery("SELECT DISTINCT province FROM customers WHERE province IS NOT NULL")) {
        while (r.next()) {
          raw.add(r.getString(1));
        }
      }
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO provinces VALUES (?, ?)")) {
        for (String p : raw) {
          insert.setString(1, p);
          insert.setString(2, regions.resolve(p).map(RegionMapping.Division::region).orElse(null));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      st.execute("CREATE TABLE lines AS SELECT DISTINCT customer_id, order_id,"
          + "  CAST(amount AS DECIMAL(18,2)) AS amount, CAST(to_timestamp(epoch(order_time) + 8 * 3600) AS DATE) AS order_date, category,"
          + "  (amount < 0 OR order_id LIKE 'R%') AS is_return"
          + " FROM read_parquet('" + data.resolve("transactions").resolve("*.parquet") + "')"
          + " WHERE customer_id IS NOT NULL AND order_id IS NOT NULL AND order_time IS NOT NULL"
          + "   AND amount IS NOT NULL");
      st.execute("CREATE TABLE rfm AS SELECT c.customer_id,"
          + "   coalesce(p.region_code, '" + RegionColumns.UNKNOWN + "') AS region_code, coalesce(t.frequency, 0) AS frequency, coalesce(t.monetary, 0) AS monetary, t.recency_days,"
          + "   coalesce(t.frequency, 0) > 0 AS is_buyer, t.tenure_days"
          + " FROM customers c LEFT JOIN provinces p USING (province) LEFT JOIN ("
          + "   SELECT customer_id,"
          + "     count(DISTINCT order_id) FILTER (WHERE NOT is_return) AS frequency,"
          + "     CAST(sum(amount) AS DECIMAL(18,2)) AS monetary,"
          + "     DATE '" + asOf + "' - max(order_date) FILTER (WHERE NOT is_return) AS recency_days"
          + "   , DATE '" + asOf + "' - min(order_date) FILTER (WHERE NOT is_return) AS tenure_days"
          + "   FROM lines WHERE order_date < DATE '" + asOf + "' GROUP BY customer_id) t USING (customer_id)");
      contacts(st, data, asOf, config);
      st.execute("CREATE VIEW buyers AS SELECT * FROM rfm WHERE frequency > 0");
      double[][] cuts = DuckDbRfm.cuts(st, "buyers");
      st.execute("CREATE TABLE scored AS SELECT *,"
          + buyerScore("-CAST(recency_days AS DOUBLE)", cuts[0]) + " AS r_score,"
          + buyerScore("CAST(frequency AS DOUBLE)", cuts[1]) + " AS f_score,"
          + buyerScore("CAST(monetary AS DOUBLE)", cuts[2]) + " AS m_score FROM rfm");
      st.execute("CREATE TABLE staged AS SELECT s.*, coalesce(c.complaints_365d, " + (config.interactions().isPresent()
          || config.feedback().isPresent() ? "0" : "NULL") + ") AS complaints_365d,"
          + " coalesce(c.attitude, 'unknown') AS attitude, " + tierCase(config.lifecycle()) + " AS lifecycle_stage"
          + " FROM scored s LEFT JOIN contact_features c USING (customer_id)");
      st.execute("CREATE TABLE tiered AS SELECT *, " + tierCase(tiers) + " AS value_tier,"
          + " DATE '" + asOf + "' AS snapshot_date FROM staged");
      st.execute("COPY tiered TO '" + output + "' (FORMAT PARQUET, PARTITION_BY (snapshot_date, region_code),"
          + " OVERWRITE_OR_IGNORE)");
      double seconds = (System.nanoTime() - started) / 1e9;

      try (ResultSet r = st.executeQuery("WITH spark AS ("
          + "  SELECT customer_id, region_code, value_tier"
          + "  FROM read_parquet('" + customerSegments.resolve("**/*.parquet") + "', hive_partitioning = true))"
          + " SELECT (SELECT count(*) FROM tiered), count(*),"
          + "   avg(CASE WHEN s.value_tier = d.value_tier THEN 1.0 ELSE 0.0 END),"
          + "   avg(CASE WHEN s.region_code = d.region_code THEN 1.0 ELSE 0.0 END)"
          + " FROM tiered d JOIN spark s USING (customer_id)")) {
        r.next();
        return new Result(seconds, r.getLong(1), r.getLong(2), r.getDouble(3), r.getDouble(4));
      }
    }
  }

  /**
   * contact_features (customer_id, complaints_365d, attitude) from the interactions and feedback files when the run
   * reads them, as the job defines them: rows dated 1..365 days before the snapshot in China time; interactions with
   * a channel the config does not know (after its aliases) are not counted (the job rejects them); complaints are the
   * interactions of type complaint plus the ratings flagged as one; attitude from the mean score and the thresholds.
   * Empty without the sources.
   */
  private static void contacts(Statement st, Path data, LocalDate asOf, JobConfig config) throws SQLException {
    String day = "CAST(to_timestamp(epoch(%s) + 8 * 3600) AS DATE)";
    String window = " BETWEEN DATE '" + asOf.minusDays(365) + "' AND DATE '" + asOf.minusDays(1) + "'";
    List<String> parts = new ArrayList<>();
    if (config.interactions().isPresent()) {
      var source = config.interactions().get();
      StringBuilder channel = new StringBuilder("CASE lower(trim(channel))");
      source.channelAliases().forEach((alias, to) -> channel.append(" WHEN '").append(alias.replace("'", "''"))
          .append("' THEN '").append(to).append("'"));
      channel.append(" ELSE lower(trim(channel)) END");
      List<String> known = new ArrayList<>(source.onlineChannels());
      known.addAll(source.offlineChannels());
      st.execute("CREATE TABLE interaction_complaints AS SELECT customer_id, count(*) AS complaints FROM ("
          + " SELECT DISTINCT * FROM read_parquet('" + data.resolve("interactions").resolve("*.parquet") + "'))"
          + " WHERE lower(trim(type)) = 'complaint' AND " + day.formatted("interaction_time") + window
          + " AND " + channel + " IN ('" + String.join("', '", known) + "') GROUP BY customer_id");
      parts.add("SELECT customer_id, complaints, NULL::DOUBLE AS mean_score FROM interaction_complaints");
    }
    if (config.feedback().isPresent()) {
      var feedback = config.feedback().get();
      st.execute("CREATE TABLE feedback_365d AS SELECT customer_id,"
          + " count(*) FILTER (WHERE lower(trim(CAST(complaint AS VARCHAR))) IN ('true', '1', 'yes', 'y', '是'))"
          + "   AS complaints, avg(CAST(score AS DOUBLE)) AS mean_score FROM ("
          + " SELECT DISTINCT * FROM read_parquet('" + data.resolve("feedback").resolve("*.parquet") + "'))"
          + " WHERE " + day.formatted("feedback_time") + window + " GROUP BY customer_id");
      parts.add("SELECT customer_id, complaints, mean_score FROM feedback_365d");
      String attitude = "CASE WHEN mean_score >= " + feedback.positiveAtLeast() + " THEN 'positive'"
          + " WHEN mean_score <= " + feedback.negativeAtMost() + " THEN 'negative'"
          + " WHEN mean_score IS NOT NULL THEN 'neutral' END";
      st.execute("CREATE TABLE contact_features AS SELECT customer_id, sum(complaints) AS complaints_365d, "
          + attitude.replace("mean_score", "max(mean_score)") + " AS attitude FROM ("
          + String.join(" UNION ALL ", parts) + ") GROUP BY customer_id");
    } else if (!parts.isEmpty()) {
      st.execute("CREATE TABLE contact_features AS SELECT customer_id, sum(complaints) AS complaints_365d,"
          + " NULL::VARCHAR AS attitude FROM (" + parts.get(0) + ") GROUP BY customer_id");
    } else {
      st.execute("CREATE TABLE contact_features (customer_id VARCHAR, complaints_365d BIGINT, attitude VARCHAR)");
    }
  }

  /** The first rule whose condition holds, else the default: the job's rule order, false on null as in the job. */
  static String tierCase(List<TierRule> tiers) {
    StringBuilder c = new StringBuilder("CASE");
    String fallback = "NULL";
    for (TierRule rule : tiers) {
      if (rule.isDefault()) {
        fallback = "'" + rule.code() + "'";
      } else {
        c.append(" WHEN coalesce((").append(rule.when()).append("), false) THEN '").append(rule.code()).append("'");
      }
    }
    return c.append(" ELSE ").append(fallback).append(" END").toString();
  }

  /** The job's scoring rule for buyers; null for customers without purchases. */
  private static String buyerScore(String value, double[] cuts) {
    return "CASE WHEN frequency > 0 THEN " + DuckDbRfm.score(value, cuts) + " END";
  }

  private DuckDbRuleBased() {}
}
