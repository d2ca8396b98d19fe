package com.custseg.report;

import com.custseg.io.OutputTable;
import com.custseg.io.OutputTables;
import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL over the job's output for analysts: every table of the job under the output root is a view by its name
 * (customer_segments, segment_summary, rejects, ...), and each analyst table partitioned by snapshot also
 * {@code latest_<name>}, its latest snapshot. Runs statements (of a script, or of stdin, each ending with {@code ;}),
 * printing each result as a text table. The command line is {@code job/SqlShellMain}.
 */
public final class SqlShell {
  public static final String LATEST_PREFIX = "latest_";

  /**
   * Registers every table of the {@link OutputTables catalogue} found under {@code root} (Delta or Parquet) as a
   * temporary view of its name, plus {@code latest_<name>} for the tables that
   * {@link OutputTable#hasLatestView() have one}. Returns the view names, sorted.
   */
  public static List<String> registerTables(SparkSession spark, String root) {
    List<String> views = new ArrayList<>();
    org.apache.hadoop.fs.Path rootPath = new org.apache.hadoop.fs.Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(rootPath)) {
        throw new IllegalArgumentException("output folder not found: " + root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    for (OutputTable declared : OutputTables.ALL) {
      if (!declared.isRegistered()) {
        continue;
      }
      String name = declared.name();
      String path = new org.apache.hadoop.fs.Path(rootPath, name).toString();
      SnapshotTable format = SnapshotTables.at(spark, path);
      if (!format.exists(spark, path)) {
        continue;
      }
      format.read(spark, path).createOrReplaceTempView(name);
      views.add(name);
      if (declared.hasLatestView()) {
        spark.sql(latestSnapshotQuery(name)).createOrReplaceTempView(LATEST_PREFIX + name);
        views.add(LATEST_PREFIX + name);
      }
    }
    views.sort(null);
    return views;
  }

  /** The query of a {@code latest_<name>} view: the rows of the table's latest snapshot. */
  public static String latestSnapshotQuery(String table) {
    return "SELECT * FROM " + table + " WHERE " + OutputTables.SNAPSHOT_DATE + " = (SELECT max("
        + OutputTables.SNAPSHOT_DATE + ") FROM " + table + ")";
  }

  /** Runs every statement of a script; returns 0, or 1 when a statement failed (the rest still run). */
  public static int runScript(SparkSession spark, String script, PrintStream out, int maxRows) {
    int status = 0;
    for (String statement : SqlStatements.split(script)) {
      status = Math.max(status, execute(spark, statement, out, maxRows));
    }
    return status;
  }

  /** Runs the statements read from stdin, each ending with {@code ;}; returns 0, or 1 when one failed. */
  public static int runStdin(SparkSession spark, PrintStream out, int maxRows) {
    boolean interactive = System.console() != null;
    SqlStatements.Buffer buffer = new SqlStatements.Buffer();
    int status = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      prompt(interactive, buffer, out);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        for (String statement : buffer.add(line)) {
          status = Math.max(status, execute(spark, statement, out, maxRows));
        }
        prompt(interactive, buffer, out);
      }
      for (String statement : SqlStatements.split(buffer.rest())) {
        status = Math.max(status, execute(spark, statement, out, maxRows));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return status;
  }

  private static void prompt(boolean interactive, SqlStatements.Buffer buffer, PrintStream out) {
    if (interactive) {
      out.print(buffer.isEmpty() ? "sql> " : "   > ");
      out.flush();
    }
  }

  /** Runs one statement and prints its result (at most maxRows rows are fetched); 1 when it failed. */
  static int execute(SparkSession spark, String statement, PrintStream out, int maxRows) {
    try {
      Dataset<Row> result = spark.sql(statement);
      // Bounded: at most maxRows + 1 rows reach the driver.
      List<Row> rows = result.limit(maxRows + 1).collectAsList();
      out.print(TextTable.format(result.columns(), rows.subList(0, Math.min(rows.size(), maxRows))));
      out.println(rows.size() > maxRows ? "(first " + maxRows + " rows shown; add LIMIT or --max-rows)"
          : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
      return 0;
    } catch (Exception e) { // AnalysisException and ParseException are thrown undeclared by Scala code
      out.println("error: " + e.getMessage());
      return 1;
    }
  }

  private SqlShell() {}
}
