package com.custseg.connect;

import com.custseg.job.SparkSessions;
import com.custseg.report.SqlShell;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark Connect server over the job's output for analysts (scripts/serve-sql.sh): every output table by its name
 * and {@code latest_<table>}, as in {@code sql.sh}, read-only ({@link ReadOnlyExtension}), on 127.0.0.1 unless told
 * otherwise, and with a token required on any other address. PySpark, the Spark Connect JVM client and other Connect
 * clients reach it at {@code sc://HOST:PORT}.
 */
public final class SqlServer {
  private static final Logger LOG = LoggerFactory.getLogger(SqlServer.class);

  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(ServeOptions.USAGE);
      return;
    }
    ServeOptions options;
    try {
      options = ServeOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n" + ServeOptions.USAGE);
      System.exit(2);
      return;
    }
    SparkSession spark = session(options);
    List<String> views;
    try {
      views = SqlShell.registerTables(spark, options.output());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      spark.stop();
      System.exit(2);
      return;
    }
    SparkConnectService$.MODULE$.start(spark.sparkContext());
    LOG.info("serving {} views over {}, token {}", views.size(), options.output(),
        options.token().isPresent() ? "required" : "not required (loopback only)");
    // scripts/serve-sql.sh waits for this line.
    System.out.println("ready sc://" + options.bind() + ":" + SparkConnectService$.MODULE$.localPort() + " views: "
        + String.join(", ", views));
    System.out.flush();
    SparkConnectService$.MODULE$.server().awaitTermination();
  }

  /** The server's own session: the job's settings, the read-only rule, Connect's binding and the token. */
  static SparkSession session(ServeOptions options) {
    SparkSession.Builder builder = SparkSessions.builder("custseg-sql-server", options.master())
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,"
            + ReadOnlyExtension.class.getName())
        .config("spark.connect.grpc.binding.address", options.bind())
        .config("spark.connect.grpc.binding.port", String.valueOf(options.port()))
        .config("spark.connect.grpc.port.maxRetries", "0")
        .config("spark.connect.grpc.interceptor.classes", OutputViewsInterceptor.class.getName())
        .config(OutputViewsInterceptor.OUTPUT_KEY, options.output())
        // As Spark's own SparkConnectServer: each client's artifacts in its own class loader.
        .config("spark.sql.artifact.isolation.enabled", "true")
        .config("spark.sql.artifact.isolation.alwaysApplyClassloader", "true")
        // The web UI would listen on every address, without the token.
        .config("spark.ui.enabled", "false");
    if (options.token().isPresent()) {
      builder = builder.config(OutputViewsInterceptor.TOKEN_KEY, options.token().get());
    }
    return builder.getOrCreate();
  }

  private SqlServer() {}
}
