package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real Spark standalone cluster (one Master, two Workers, each its own JVM on 127.0.0.1,
 * started by scripts/local-cluster.sh), compared with the same job run in local mode: the outputs must be equal, even
 * though an executor is killed in the middle of the cluster run.
 */
class LocalClusterIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path WORK = ROOT.resolve("target/it-cluster");
  private static final String MASTER_PORT = "17077";
  private static final String MASTER_URL = "spark://127.0.0.1:" + MASTER_PORT;
  private static Path customers;
  private static Path transactions;
  private static Path localOutput;

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    Files.createDirectories(WORK);
    writeInputs();
    run(List.of("scripts/local-cluster.sh", "start"), WORK.resolve("cluster-start.log"), 300);
    localOutput = WORK.resolve("out-local");
    deleteRecursively(localOutput);
    SegmentationPipeline.run(TestSpark.session(), TestConfigs.load(jobArgs(localOutput)
        .toArray(String[]::new)));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    run(List.of("scripts/local-cluster.sh", "stop"), WORK.resolve("cluster-stop.log"), 60);
  }

  /**
   * One cluster run proves both: the shaded jar submitted to the cluster writes exactly the tables of a local run, and
   * it does so although one of its executors is killed half-way (one run instead of two keeps the suite short).
   */
  @Test
  void theJobJarOnTheClusterWritesTheLocalRunsTablesEvenWhenAnExecutorIsKilled() throws Exception {
    Path clusterOutput = WORK.resolve("out-cluster");
    deleteRecursively(clusterOutput);
    Path log = WORK.resolve("submit.log");
    Process submit = start(submit(clusterOutput), log);

    // Once the job is past ingest, kill one executor JVM the hard way; the worker starts a new one and Spark
    // reruns the lost tasks.
    boolean killed = false;
    for (int i = 0; i < 600 && submit.isAlive() && !killed; i++) {
      if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("stage rfm: features: started")) {
        List<Long> executors = ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
            .filter(p -> runsIn(p.pid(), WORK))
            .map(ProcessHandle::pid).toList();
        if (!executors.isEmpty()) {
          new ProcessBuilder("kill", "-9", String.valueOf(executors.get(0))).start().waitFor();
          killed = true;
        }
      }
      Thread.sleep(500);
    }

    assertThat(killed).as("an executor was found and killed").isTrue();
    assertThat(submit.waitFor(900, TimeUnit.SECONDS)).isTrue();
    assertThat(submit.exitValue()).as("spark-submit exit code, see " + log).isZero();
    assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Segmented 60 customers");
    assertSameTables(clusterOutput);
  }

  /** Executors run in their worker's work dir; this keeps the test off any other Spark on the machine. */
  private static boolean runsIn(long pid, Path dir) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).startsWith(dir);
    } catch (IOException e) {
      return false;
    }
  }

  private static void assertSameTables(Path clusterOutput) {
    for (String table : List.of("customer_segments", "segment_summary", "rejects", "customers_clean",
        "transactions_clean", "segment_crosstab")) {
      Dataset<Row> local = TestSpark.session().read().format("delta").load(localOutput.resolve(table).toString());
      Dataset<Row> cluster = TestSpark.session().read().format("delta").load(clusterOutput.resolve(table).toString());
      assertThat(cluster.count()).as(table + " rows").isEqualTo(local.count());
      assertThat(cluster.exceptAll(local).count()).as(table + " rows only on the cluster").isZero();
      assertThat(local.exceptAll(cluster).count()).as(table + " rows only in the local run").isZero();
    }
  }

  private static List<String> jobArgs(Path output) {
    return List.of(
        "--as-of", "2025-01-01",
        "--set", "segmentation.input.customers.path=" + customers,
        "--set", "segmentation.input.transactions.path=" + transactions,
        "--set", "segmentation.kmeans.k=3",
        "--output", output.toString());
  }

  private static List<String> submit(Path output) {
    List<String> cmd = new ArrayList<>(List.of("scripts/submit.sh", "--master", MASTER_URL,
        "--executor-memory", "1g", "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.task.maxFailures=4", "--"));
    cmd.addAll(jobArgs(output));
    return cmd;
  }

  /** 60 customers in three behaviour groups over 2024, with returns, same-day orders and two unmapped provinces. */
  private static void writeInputs() throws IOException {
    String[] provinces = {"广东省", "上海", "Sichuan", "北京市", "浙江省", "湖北省", "陕西", "辽宁省", "火星", ""};
    StringBuilder c = new StringBuilder("customer_id,name,phone,province,city,signup_date,industry,company_size,"
        + "channel\n");
    StringBuilder t = new StringBuilder("order_id,customer_id,order_time,amount,category\n");
    int order = 0;
    for (int i = 0; i < 60; i++) {
      c.append(String.format("C%03d,客户%d,138%08d,%s,,2023-01-%02d,零售,小微,线上%n", i, i, i,
          provinces[i % provinces.length], 1 + i % 28));
      int group = i % 3;
      int orders = group == 0 ? 12 + i % 5 : group == 1 ? 3 + i % 3 : 1;
      for (int k = 0; k < orders; k++) {
        int month = group == 2 ? 1 + i % 3 : 12 - (k % 11);
        int day = 1 + (i * 7 + k * 3) % 27;
        String amount = String.format("%d.%02d", (group == 0 ? 800 : group == 1 ? 150 : 40) + (i * 13 + k * 7) % 90,
            (i + k) % 100);
        t.append(String.format("O%05d,C%03d,2024-%02d-%02d 1%d:00:00,%s,服装%n", ++order, i, month, day, k % 10,
            amount));
        if ((i + k) % 17 == 0) {
          t.append(String.format("R%05d,C%03d,2024-%02d-%02d 18:00:00,-%s,服装%n", order, i, month, day, amount));
        }
      }
    }
    customers = WORK.resolve("customers.csv");
    transactions = WORK.resolve("transactions.csv");
    Files.writeString(customers, c);
    Files.writeString(transactions, t);
  }

  private static Process start(List<String> command, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("CLUSTER_DIR", WORK.toString());
    pb.environment().put("SPARK_MASTER_PORT", MASTER_PORT);
    pb.environment().put("SPARK_MASTER_WEBUI_PORT", "18080");
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    return pb.start();
  }

  private static int run(List<String> command, Path log, int timeoutSeconds) throws Exception {
    Process p = start(command, log);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s; see " + log);
    }
    return p.exitValue();
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (var walk = Files.walk(path)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
