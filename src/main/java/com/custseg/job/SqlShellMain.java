package com.custseg.job;

import com.custseg.report.SqlShell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of {@code scripts/sql.sh}: Spark SQL over the job's output ({@link SqlShell}). Runs the statements of
 * each {@code -e} and {@code -f FILE} in order, or of stdin. Exit code 2 for bad flags or a missing output folder, 1
 * when a statement failed.
 */
public final class SqlShellMain {
  public static final String USAGE = String.join("\n",
      "Usage: SqlShell [--output DIR] [--master URL] [--max-rows N] [-e \"SQL; SQL\"]... [-f FILE]...",
      "-e and -f run in the order given; without them, statements are read from stdin, each ending with ';'.");
  private static final int DEFAULT_MAX_ROWS = 1000;

  public static void main(String[] args) {
    String output = "output";
    String master = "local[*]";
    String script = null;
    int maxRows = DEFAULT_MAX_ROWS;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        // The command's own help, asked for on the command line: standard output, exit 0.
        System.out.println(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        System.err.println("flag " + flag + " needs a value\n" + USAGE);
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
      List<String> views = SqlShell.registerTables(spark, output);
      System.err.println("views: " + String.join(", ", views));
      status = script != null ? SqlShell.runScript(spark, script, System.out, maxRows)
          : SqlShell.runStdin(spark, System.out, maxRows);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      status = 2;
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private SqlShellMain() {}
}
