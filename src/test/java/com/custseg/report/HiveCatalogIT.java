package com.custseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.OutputTables;
import com.custseg.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Catalog registration (segmentation.output.catalog-database) in a Hive metastore on embedded Derby outlives the job:
 * the job registers its tables and latest_ views in one JVM, and a second JVM (sql.sh's SqlShell, with no tables of
 * its own) lists them, reads their comments and queries them by name. The same JVM settings are what the README
 * gives for a shared metastore. Embedded Derby admits one JVM at a time, so the two run one after the other.
 */
@ResourceLock(TestSpark.TEMP_VIEWS)
class HiveCatalogIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path WORK = ROOT.resolve("target/it-hive-catalog");
  private static final String TIERS = "SELECT value_tier, count(*) AS customers, sum(monetary) AS revenue FROM %s"
      + " GROUP BY value_tier ORDER BY value_tier";

  @Test
  void tablesAndViewsTheJobRegisteredAreListedWithTheirCommentsAndQueriedByTheNextProcess() throws Exception {
    deleteRecursively(WORK);
    Files.createDirectories(WORK.resolve("no-tables"));
    Path input = WORK.resolve("input");
    Path output = WORK.resolve("out");
    run(List.of(), "com.custseg.sample.SampleDataGenerator", List.of("--output", input.toString(),
        "--transactions", "1000", "--customers", "100", "--single-file"), "generate");

    run(metastore(), "com.custseg.job.SegmentationJob", List.of("--master", "local[2]",
        "--config", "conf/application.conf", "--as-of", "2026-01-01",
        "--set", "segmentation.input.customers.path=" + input.resolve("customers.csv"),
        "--set", "segmentation.input.transactions.path=" + input.resolve("transactions.csv"),
        // The generated customers' own contacts (the bundled sample's belong to other customers).
        "--set", "segmentation.input.interactions.path=" + input.resolve("interactions.csv"),
        "--set", "segmentation.input.feedback.path=" + input.resolve("feedback.csv"),
        "--set", "segmentation.kmeans.k=3",
        "--set", "segmentation.output.catalog-database=custseg",
        "--output", output.toString()), "job");

    String printed = run(metastore(), "com.custseg.job.SqlShellMain", List.of("--master", "local[2]",
        "--output", WORK.resolve("no-tables").toString(),
        "-e", "SHOW TABLES IN custseg",
        "-e", "DESCRIBE TABLE EXTENDED custseg.customer_segments",
        "-e", "DESCRIBE TABLE EXTENDED custseg.latest_customer_segments",
        "-e", String.format(TIERS, "custseg.latest_customer_segments")), "second process");

    assertThat(printed).doesNotContain("error:");
    assertThat(printed).containsPattern("custseg +\\| customer_segments +\\| false")
        .containsPattern("custseg +\\| latest_customer_segments +\\| false")
        .containsPattern("custseg +\\| segment_summary +\\| false")
        .containsPattern("custseg +\\| latest_segment_summary +\\| false");
    assertThat(printed).contains(TableComments.table(OutputTables.CUSTOMER_SEGMENTS.name()).orElseThrow())
        .contains(TableComments.column(OutputTables.CUSTOMER_SEGMENTS.name(), "monetary").orElseThrow())
        .contains("Latest snapshot of customer_segments");
    // The tier counts of the latest snapshot, as sql.sh prints them over the output folder.
    SparkSession spark = TestSpark.session();
    SqlShell.registerTables(spark, output.toString());
    ByteArrayOutputStream local = new ByteArrayOutputStream();
    SqlShell.runScript(spark, String.format(TIERS, "latest_customer_segments"),
        new PrintStream(local, true, StandardCharsets.UTF_8), 1000);
    assertThat(local.toString(StandardCharsets.UTF_8)).contains("value_tier").doesNotContain("(0 rows)");
    assertThat(printed).endsWith(local.toString(StandardCharsets.UTF_8));
  }

  /** JVM settings of a Hive metastore on embedded Derby under WORK (the README's shared-metastore settings). */
  private static List<String> metastore() {
    return List.of("-Dspark.sql.catalogImplementation=hive",
        "-Dspark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=" + WORK.resolve("metastore_db")
            + ";create=true",
        "-Dspark.sql.warehouse.dir=" + WORK.resolve("warehouse"),
        "-Dderby.system.home=" + WORK);
  }

  /** Runs a main class of the job in its own JVM with the job's classpath; returns its standard output. */
  private static String run(List<String> properties, String main, List<String> args, String name) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx1500m", "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties")));
    command.addAll(Arrays.asList(buildProperty("jvm.flags").split(" ")));
    command.addAll(properties);
    command.addAll(List.of("-cp", ROOT.resolve("target/classes") + ":"
        + Files.readString(ROOT.resolve("target/classpath.txt")).strip(), main));
    command.addAll(args);
    Path out = WORK.resolve(name.replace(' ', '-') + ".out");
    Path err = WORK.resolve(name.replace(' ', '-') + ".log");
    Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    // Generous: the job takes about a minute here alone, many more on a machine shared with other builds.
    if (!p.waitFor(1200, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(name + " did not finish in 1200 s; see " + err);
    }
    assertThat(p.exitValue()).as(name + " exit status, see " + err).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String buildProperty(String key) throws IOException {
    return Files.readAllLines(ROOT.resolve("target/classes/custseg-build.properties")).stream()
        .filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow().substring(key.length() + 1);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
