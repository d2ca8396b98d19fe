package com.custseg.report;

import com.custseg.io.OutputTables;
import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import com.custseg.job.SparkSessions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL over the job's output for analysts: every Delta table under the output root is a view by its folder
 * name (customer_segments, segment_summary, rejects, ...), and each table with a snapshot_date also as
 * {@code latest_<name>}, its latest snapshot. Runs the statements of each {@code -e} and {@code -f FILE} in order, or
 * of stdin (statements end with {@code ;}), printing each result as a text table.
 */
public final class SqlShell {
  public static final String USAGE = String.join("\n",
      "Usage: SqlShell [--output DIR] [--master URL] [--max-rows N] [-e \"SQL; SQL\"]... [-f FILE]...",
      "-e and -f run in the order given; without them, statements are read from stdin, each ending with ';'.");
  public static final String LATEST_PREFIX = "latest_";
  private static final int DEFAULT_MAX_ROWS = 1000;

  public static void main(String[] args) {
    String output = "output";
    String master = "local[*]";
    String script = null;
    int maxRows = DEFAULT_MAX_ROWS;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length || flag.equals("--help") || flag.equals("-h")) {
        System.err.println(flag.startsWith("-h") || flag.equals("--help") ? USAGE
            : "flag " + flag + " needs a value\n" + USAGE);
        System.exit(2);
      }
      String value = args[++i];
      switch (flag) {
        case "--output" -> output = value;
        case "--master" -> master = value;
        case "--max-rows" -> maxRows = Integer.parseInt(value);
        case "-e" -> script = script == null ? value : script + ";\n" + value;
        case "-f" -> script = script == null ? readFile(Path.of(value)) : script + ";\n" + readFile(Path.of(value));
        default -> {
          System.err.println("unknown flag " + flag + "\n" + USAGE);
          System.exit(2);
        }
      }
    }
    SparkSession spark = SparkSessions.builder("custseg-sql", master).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    int status;
    try {
      List<String> views = registerTables(spark, output);
      System.err.println("views: " + String.join(", ", views));
      status = script != null ? runScript(spark, script, System.out, maxRows) : runStdin(spark, System.out, maxRows);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      status = 2;
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /**
   * Registers every table (Delta, or Parquet partitioned by snapshot_date) directly under {@code root} as a temporary view named after its folder, plus
   * {@code latest_<name>} for the tables with a snapshot_date column. Returns the view names, sorted.
   */
  public static List<String> registerTables(SparkSession spark, String root) {
    List<String> views = new ArrayList<>();
    org.apache.hadoop.fs.Path rootPath = new org.apache.hadoop.fs.Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(rootPath)) {
        throw new IllegalArgumentException("output folder not found: " + root);
      }
      for (FileStatus child : fs.listStatus(rootPath)) {
        String name = child.getPath().getName();
        String path = child.getPath().toString();
        if (!child.isDirectory() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          continue;
        }
        SnapshotTable format = SnapshotTables.at(spark, path);
        if (!format.exists(spark, path)) {
          continue;
        }
        Dataset<Row> table = format.read(spark, path);
        table.createOrReplaceTempView(name);
        views.add(name);
        if (Arrays.asList(table.columns()).contains(OutputTables.SNAPSHOT_DATE)) {
          spark.sql("SELECT * FROM " + name + " WHERE " + OutputTables.SNAPSHOT_DATE + " = (SELECT max("
              + OutputTables.SNAPSHOT_DATE + ") FROM " + name + ")").createOrReplaceTempView(LATEST_PREFIX + name);
          views.add(LATEST_PREFIX + name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    views.sort(null);
    return views;
  }

  /** Runs every statement of a script; returns 0, or 1 when a statement failed (the rest still run). */
  public static int runScript(SparkSession spark, String script, PrintStream out, int maxRows) {
    int status = 0;
    for (String statement : SqlStatements.split(script)) {
      status = Math.max(status, execute(spark, statement, out, maxRows));
    }
    return status;
  }

  private static int runStdin(SparkSession spark, PrintStream out, int maxRows) {
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

  private static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private SqlShell() {}
}
