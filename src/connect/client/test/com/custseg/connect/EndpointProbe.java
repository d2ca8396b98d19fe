package com.custseg.connect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connect.SparkSession;

/**
 * For ConnectSqlEndpointIT: what a Spark Connect client that does not go through SQL gets from the endpoint. Prints
 * one line per attempt, {@code <name> ok <detail>} or {@code <name> refused <message>}: a session without the
 * token and one with a wrong token, then, with the right token (CUSTSEG_SQL_TOKEN), every DataFrame writer aimed at
 * the table at {@code --table-path}, a temporary view (allowed) and an artifact upload.
 *
 * <pre>EndpointProbe --remote sc://127.0.0.1:PORT --table-path OUTPUT/customer_segments</pre>
 */
public final class EndpointProbe {
  public static void main(String[] args) {
    String remote = args[1];
    String path = args[3];
    String token = System.getenv(ConnectSql.TOKEN_ENV);
    attempt("missing-token", () -> count(SparkSession.builder().remote(remote).create()));
    attempt("wrong-token", () -> count(SparkSession.builder().remote(remote + "/;token=not-" + token).create()));
    attempt("right-token", () -> count(SparkSession.builder().remote(remote + "/;token=" + token).create()));
    SparkSession spark = SparkSession.builder().remote(remote + "/;token=" + token).create();
    Dataset<Row> rows = spark.sql("SELECT * FROM latest_customer_segments LIMIT 1");
    Map<String, Runnable> writes = new LinkedHashMap<>();
    writes.put("save-append", () -> rows.write().format("delta").mode("append").save(path));
    writes.put("save-overwrite", () -> rows.write().format("delta").mode("overwrite").save(path));
    writes.put("save-parquet-elsewhere", () -> rows.write().mode("overwrite").parquet(path + "_copy"));
    writes.put("insert-into", () -> rows.write().insertInto("delta.`" + path + "`"));
    writes.put("save-as-table", () -> rows.write().format("delta").saveAsTable("segments_copy"));
    writes.put("write-to-append", () -> {
      try {
        rows.writeTo("delta.`" + path + "`").append();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    writes.put("create-or-replace-temp-view", () -> rows.createOrReplaceTempView("mine"));
    // Code the server would load: a class file's bytes under a class name.
    writes.put("add-artifact", () -> spark.addArtifact(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA,
        (byte) 0xBE}, "classes/Probe.class"));
    writes.forEach(EndpointProbe::attempt);
    spark.close();
  }

  /** Counts the rows of latest_customer_segments in a session of its own, then closes it. */
  private static String count(SparkSession session) {
    try {
      return "latest_customer_segments has " + session.sql("SELECT count(*) FROM latest_customer_segments")
          .first().getLong(0) + " rows";
    } finally {
      session.close();
    }
  }

  private static void attempt(String name, java.util.function.Supplier<String> action) {
    try {
      System.out.println(name + " ok " + action.get());
    } catch (Exception e) {
      System.out.println(name + " refused " + String.valueOf(e.getMessage()).replace('\n', ' '));
    }
    System.out.flush();
  }

  private static void attempt(String name, Runnable action) {
    attempt(name, () -> {
      action.run();
      return "done";
    });
  }

  private EndpointProbe() {}
}
