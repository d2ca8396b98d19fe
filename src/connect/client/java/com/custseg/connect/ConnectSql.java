package com.custseg.connect;

import com.custseg.report.SqlShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.connect.SparkSession;

/**
 * Runs SQL scripts against the SQL endpoint over Spark Connect, printed exactly as {@code sql.sh} prints them (the
 * same {@link SqlShell#runScript}, here over a remote session). The token comes from the environment variable
 * {@code CUSTSEG_SQL_TOKEN}, never from the command line. Spark's client sends a token in clear only to the host
 * {@code localhost}; to any other host it opens TLS, which the endpoint does not speak itself (put a TLS proxy or an
 * SSH tunnel in front).
 *
 * <pre>ConnectSql --remote sc://127.0.0.1:15002 [--max-rows N] (-e "SQL; SQL" | -f FILE)...</pre>
 *
 * <p>Exit status 0, 1 when a statement failed (the others still run), 2 on bad flags.
 */
public final class ConnectSql {
  static final String TOKEN_ENV = "CUSTSEG_SQL_TOKEN";
  static final String USAGE = "Usage: ConnectSql --remote sc://HOST:PORT [--max-rows N] (-e \"SQL; SQL\" | -f FILE)...\n"
      + "The token, if the server needs one, is read from " + TOKEN_ENV + ".";

  public static void main(String[] args) throws IOException {
    String remote = null;
    int maxRows = 1000;
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h") || i + 1 >= args.length) {
        System.err.println(flag.startsWith("-h") || flag.equals("--help") ? USAGE : "flag " + flag
            + " needs a value\n" + USAGE);
        System.exit(2);
      }
      String value = args[++i];
      switch (flag) {
        case "--remote" -> remote = value;
        case "--max-rows" -> maxRows = Integer.parseInt(value);
        case "-e" -> script.append(value).append(";\n");
        case "-f" -> script.append(Files.readString(Path.of(value))).append(";\n");
        default -> {
          System.err.println("unknown flag " + flag + "\n" + USAGE);
          System.exit(2);
        }
      }
    }
    if (remote == null || script.isEmpty()) {
      System.err.println("--remote and at least one -e or -f are needed\n" + USAGE);
      System.exit(2);
    }
    String token = System.getenv(TOKEN_ENV);
    String url = token == null || token.isBlank() ? remote : remote + "/;token=" + token.strip();
    SparkSession spark = SparkSession.builder().remote(url).getOrCreate();
    int status;
    try {
      status = SqlShell.runScript(spark, script.toString(), System.out, maxRows);
    } finally {
      spark.close();
    }
    System.exit(status);
  }

  private ConnectSql() {}
}
