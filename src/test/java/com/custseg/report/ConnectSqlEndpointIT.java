package com.custseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.job.SegmentationPipeline;
import com.custseg.testing.AnalystRun;
import com.custseg.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark Connect SQL endpoint (scripts/serve-sql.sh, Spark 4.1.2 + Delta 4.3.0 from src/connect) over the output of
 * two runs of the job on the analysts' fixture (2025-01-01 and 2025-02-01, so segment_migration has rows), started
 * once on a free loopback port with a token. Clients are the Spark Connect JVM client in their own JVMs (their
 * classes would clash with this JVM's Spark 4.1.0): the example queries must print exactly what sql.sh prints, every
 * kind of write must be refused with the endpoint's message and leave the tables as they were, and a client without
 * the right token must be refused.
 */
class ConnectSqlEndpointIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path WORK = ROOT.resolve("target/it-connect");
  private static final Path QUERIES = ROOT.resolve("notebooks-data/queries");
  private static final String TOKEN = UUID.randomUUID().toString();
  /** Seconds a client JVM may take: a few on an idle machine, far more on a shared, loaded one. */
  private static final int CLIENT_TIMEOUT = 600;
  private static Path output;
  private static int port;
  private static double startSeconds;

  @BeforeAll
  static void runTheJobTwiceAndStartTheEndpoint() throws Exception {
    deleteRecursively(WORK);
    Files.createDirectories(WORK);
    output = WORK.resolve("out");
    SparkSession spark = TestSpark.session();
    // Without the customer-value models, which no example query reads (and whose BG/NBD fit does not converge on
    // this fixture at 2025-02-01).
    SegmentationPipeline.run(spark, AnalystRun.config(output, name -> null, "--set",
        "segmentation.value.enabled=false"));
    SegmentationPipeline.run(spark, AnalystRun.config(output, name -> null, "--set",
        "segmentation.value.enabled=false", "--as-of", "2025-02-01"));
    port = freeLoopbackPort();
    long start = System.nanoTime();
    Result started = run(List.of("scripts/serve-sql.sh", "start", "--output", output.toString(), "--port",
        String.valueOf(port)), Map.of("CUSTSEG_SQL_TOKEN", TOKEN), 900);
    startSeconds = (System.nanoTime() - start) / 1e9;
    assertThat(started.status()).as("serve-sql.sh start: " + started.output()).isZero();
    assertThat(started.output()).contains("started sc://127.0.0.1:" + port);
    System.out.printf("SQL endpoint started in %.1f s%n", startSeconds);
  }

  @AfterAll
  static void stopTheEndpoint() throws Exception {
    Result stopped = run(List.of("scripts/serve-sql.sh", "stop"), Map.of(), 60);
    assertThat(stopped.output()).contains("stopped");
  }

  @Test
  void theExampleQueriesPrintTheSameRowsAsSqlSh() throws Exception {
    List<String> args = new ArrayList<>(List.of("scripts/serve-sql.sh", "query", "--port", String.valueOf(port)));
    StringBuilder script = new StringBuilder();
    List<Path> files;
    try (Stream<Path> list = Files.list(QUERIES)) {
      files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    assertThat(files).hasSize(4);
    for (Path file : files) {
      args.addAll(List.of("-f", file.toString()));
      script.append(Files.readString(file)).append(";\n");
    }

    Result remote = run(args, Map.of("CUSTSEG_SQL_TOKEN", TOKEN), CLIENT_TIMEOUT);

    SparkSession spark = TestSpark.session();
    SqlShell.registerTables(spark, output.toString());
    ByteArrayOutputStream local = new ByteArrayOutputStream();
    int status = SqlShell.runScript(spark, script.toString(), new PrintStream(local, true, StandardCharsets.UTF_8),
        1000);
    assertThat(status).isZero();
    String expected = local.toString(StandardCharsets.UTF_8);
    assertThat(expected).doesNotContain("error:").doesNotContain("(0 rows)");
    assertThat(remote.status()).as(remote.output()).isZero();
    assertThat(stdout(remote)).isEqualTo(expected);
  }

  @Test
  void everyKindOfSqlWriteIsRefusedBeforeItRunsAndTheTablesStayAsTheyWere() throws Exception {
    String segments = "delta.`" + output.resolve("customer_segments") + "`";
    // The kind the refusal names, and the statement; then writes whose message names no kind.
    List<List<String>> writes = List.of(
        List.of("INSERT", "INSERT INTO " + segments + " SELECT * FROM latest_customer_segments"),
        List.of("INSERT", "INSERT OVERWRITE " + segments + " SELECT * FROM latest_customer_segments"),
        List.of("MERGE", "MERGE INTO " + segments + " t USING latest_customer_segments s"
            + " ON t.customer_id = s.customer_id WHEN MATCHED THEN DELETE"),
        List.of("DELETE", "DELETE FROM " + segments + " WHERE value_tier = 'vip'"),
        List.of("UPDATE", "UPDATE " + segments + " SET monetary = 0"),
        List.of("DROP", "DROP TABLE " + segments),
        List.of("ALTER", "ALTER TABLE " + segments + " ADD COLUMNS (extra INT)"),
        List.of("CREATE", "CREATE TABLE copy_of_segments USING delta LOCATION '" + output.resolve("copy")
            + "' AS SELECT * FROM latest_customer_segments"),
        List.of("CREATE", "CREATE TABLE registered USING delta LOCATION '" + output.resolve("customer_segments")
            + "'"),
        List.of("", "TRUNCATE TABLE " + segments),
        List.of("", "VACUUM " + segments + " RETAIN 0 HOURS"),
        List.of("", "CREATE OR REPLACE VIEW shared_view AS SELECT 1 AS x"));
    List<String> statements = new ArrayList<>(writes.stream().map(w -> w.get(1)).toList());
    statements.add("SELECT count(*) AS after_writes FROM customer_segments");
    long versionBefore = deltaVersion();

    Result remote = run(List.of("scripts/serve-sql.sh", "query", "--port", String.valueOf(port), "-e",
        String.join(";\n", statements)), Map.of("CUSTSEG_SQL_TOKEN", TOKEN), CLIENT_TIMEOUT);

    List<String> errors = stdout(remote).lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as(remote.output()).hasSize(writes.size());
    for (int i = 0; i < writes.size(); i++) {
      assertThat(errors.get(i)).as(writes.get(i).get(1))
          .contains("The segmentation SQL endpoint is read-only: " + writes.get(i).get(0))
          .contains("is refused before it runs");
    }
    assertThat(remote.status()).isEqualTo(1);
    assertThat(stdout(remote)).contains("after_writes").contains("(1 row)");
    assertThat(deltaVersion()).as("newest commit of customer_segments").isEqualTo(versionBefore);
    assertThat(output.resolve("copy")).doesNotExist();
  }

  @Test
  void dataFrameWritesAndArtifactsAreRefusedAndSoIsAClientWithoutTheRightToken() throws Exception {
    long versionBefore = deltaVersion();
    Result probe = runProbe();

    Map<String, String> outcome = new LinkedHashMap<>();
    stdout(probe).lines().map(l -> l.split(" ", 3)).filter(p -> p.length == 3)
        .forEach(p -> outcome.put(p[0], p[1] + " " + p[2]));
    assertThat(outcome.get("missing-token")).as(probe.output()).startsWith("refused")
        .contains("No authentication token provided");
    assertThat(outcome.get("wrong-token")).startsWith("refused").contains("Invalid authentication token");
    assertThat(outcome.get("right-token")).isEqualTo("ok latest_customer_segments has 7 rows");
    for (String write : List.of("save-append", "save-overwrite", "save-parquet-elsewhere", "insert-into",
        "save-as-table", "write-to-append")) {
      assertThat(outcome.get(write)).as(write).startsWith("refused")
          .contains("The segmentation SQL endpoint is read-only");
    }
    assertThat(outcome.get("create-or-replace-temp-view")).isEqualTo("ok done");
    assertThat(outcome.get("add-artifact")).startsWith("refused").contains("PERMISSION_DENIED")
        .contains("does not accept artifacts");
    assertThat(deltaVersion()).isEqualTo(versionBefore);
    assertThat(output.resolve("customer_segments_copy")).doesNotExist();
  }

  @Test
  void aNonLoopbackAddressWithoutATokenOrWithAnOpenTokenFileIsRefusedBeforeSparkStarts() throws Exception {
    Path dir = WORK.resolve("refused");
    Map<String, String> noToken = Map.of("SERVE_DIR", dir.toString());
    Result noTokenRun = run(List.of("scripts/serve-sql.sh", "start", "--output", output.toString(), "--bind",
        "0.0.0.0", "--port", String.valueOf(freeLoopbackPort())), noToken, CLIENT_TIMEOUT);
    assertThat(noTokenRun.status()).isEqualTo(1);
    assertThat(noTokenRun.output()).contains("--bind 0.0.0.0 is not a loopback address: a token is required");

    Path tokenFile = WORK.resolve("token");
    Files.writeString(tokenFile, TOKEN);
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
    Result openFile = run(List.of("scripts/serve-sql.sh", "start", "--output", output.toString(), "--bind",
        "0.0.0.0", "--token-file", tokenFile.toString()), noToken, CLIENT_TIMEOUT);
    assertThat(openFile.output()).contains("is open to others").contains("chmod 600");

    Result onTheCommandLine = run(List.of("scripts/serve-sql.sh", "start", "--token", TOKEN), noToken,
        CLIENT_TIMEOUT);
    assertThat(onTheCommandLine.output()).contains("--token is not accepted");
  }

  /** The newest commit of customer_segments, read from its log in this JVM. */
  private static long deltaVersion() {
    return TestSpark.session().sql("DESCRIBE HISTORY delta.`" + output.resolve("customer_segments") + "`")
        .selectExpr("max(version)").first().getLong(0);
  }

  private static Result runProbe() throws Exception {
    Path client = ROOT.resolve("target/connect/client");
    String classpath = String.join(":", client.resolve("test-classes").toString(), client.resolve("classes")
        .toString(), ROOT.resolve("target/customer-segmentation-0.1.0.jar").toString(),
        Files.readString(client.resolve("classpath.txt")).strip());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    command.addAll(Arrays.asList(javaFlags().split(" ")));
    command.addAll(List.of("-Xmx512m", "-cp", classpath, "com.custseg.connect.EndpointProbe", "--remote",
        "sc://localhost:" + port, "--table-path", output.resolve("customer_segments").toString()));
    return run(command.stream().filter(s -> !s.isEmpty()).toList(), Map.of("CUSTSEG_SQL_TOKEN", TOKEN),
        CLIENT_TIMEOUT);
  }

  /** The JVM flags Spark needs on Java 17, as the build wrote them down for the scripts. */
  private static String javaFlags() throws IOException {
    return Files.readAllLines(ROOT.resolve("target/classes/custseg-build.properties")).stream()
        .filter(l -> l.startsWith("jvm.flags=")).findFirst().orElseThrow().substring("jvm.flags=".length());
  }

  private record Result(int status, String output, Path stdoutFile) {}

  /** The standard output alone (the client's log goes to stderr). */
  private static String stdout(Result result) throws IOException {
    return Files.readString(result.stdoutFile(), StandardCharsets.UTF_8);
  }

  private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
    Path out = Files.createTempFile(WORK, "stdout", ".txt");
    Path err = Files.createTempFile(WORK, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().remove("CUSTSEG_SQL_TOKEN");
    pb.environment().put("SERVE_DIR", WORK.resolve("serve").toString());
    pb.environment().put("JAVA_OPTS", "-Xmx1500m");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; see " + out + ", " + err);
    }
    String both = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
    return new Result(p.exitValue(), both, out);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
