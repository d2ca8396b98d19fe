package com.custseg.config;

import static com.custseg.testing.TestConfigs.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path file(String name, String hocon) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, hocon);
    return f;
  }

  @Test
  void defaultsComeFromTheReferenceAndNeedNoFile() {
    JobConfig config = load();

    assertThat(config.asOf()).isEmpty();
    assertThat(config.kmeans()).isEqualTo(new KMeansConfig(KMeansConfig.AUTO, 3, 10, 20_000, 200_000,
        List.of("log1p(greatest(monetary, 0))", "log1p(frequency)", "recency_days"), 0.01, 0.99, 42, 40, 1.0e-4, "",
        List.of("value_tier", "rfm_segment", "loyalty", "attitude", "motive")));
    assertThat(config.rfm()).isEqualTo(new RfmConfig(5, 0.001, false, false));
    assertThat(config.timeZone()).isEqualTo("Asia/Shanghai");
    assertThat(config.tiers()).extracting(TierRule::code)
        .containsExactly("no_purchase", "lost", "vip", "key_maintain", "potential", "churn_risk", "general");
    assertThat(config.customers().column("customer_id")).isEqualTo("customer_id");
  }

  @Test
  void laterConfigFilesOverrideEarlierOnesAndFlagsOverrideFiles() throws IOException {
    Path first = file("first.conf", "segmentation.kmeans { k = 7, seed = 1 }\nsegmentation.output.path = out1");
    Path second = file("second.conf", "segmentation.kmeans.k = 8");

    JobConfig files = load("--config", first.toString(), "--config", second.toString());
    JobConfig flags = load("--config", first.toString(), "--config", second.toString(),
        "--set", "segmentation.kmeans.k=9", "--output", "out3", "--as-of", "2025-03-01");

    assertThat(files.kmeans().k()).isEqualTo(8);
    assertThat(files.kmeans().seed()).isEqualTo(1);
    assertThat(files.output().path()).isEqualTo("out1");
    assertThat(flags.kmeans().k()).isEqualTo(9);
    assertThat(flags.output().path()).isEqualTo("out3");
    assertThat(flags.asOf()).contains(LocalDate.parse("2025-03-01"));
  }

  @Test
  void kBelowTwoIsRejectedWithKeyAndValue() {
    assertThatThrownBy(() -> load("--set", "segmentation.kmeans.k=1"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.kmeans.k must be at least 2, got: 1");
  }

  @Test
  void aMalformedRuleExpressionIsRejectedNamingTheRule() throws IOException {
    Path f = file("rules.conf", """
        segmentation.tiers.rules = [
          { code = "vip", name = "高价值", when = "m_score >= 4 AND (r_score > 2" }
        ]
        """);

    assertThatThrownBy(() -> load("--config", f.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tier 'vip' (segmentation.tiers.rules[0].when) is not a valid Spark SQL expression:"
            + " m_score >= 4 AND (r_score > 2");
  }

  @Test
  void aMissingInputPathIsRejectedBeforeSparkStarts() {
    assertThatThrownBy(() -> load("--set", "segmentation.input.transactions.path=/no/such/orders.csv"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.input.transactions.path: input not found: /no/such/orders.csv");
  }

  @Test
  void aMissingRegionFileIsRejected() {
    assertThatThrownBy(() -> load("--set", "segmentation.regions.mapping-file=conf/regions/atlantis.conf"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.regions.mapping-file: file not found: ")
        .hasMessageContaining("atlantis.conf");
  }

  @Test
  void anUnknownKeyIsRejectedWithTheFileAndLineItCameFrom() throws IOException {
    Path f = file("typo.conf", "segmentation {\n  kmeans {\n    kk = 4\n  }\n}\n");

    assertThatThrownBy(() -> load("--config", f.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown config key segmentation.kmeans.kk (")
        .hasMessageContaining("typo.conf: 3");
  }

  @Test
  void everyErrorOfAFileIsReportedInOneMessageInTheOrderOfItsLines() throws IOException {
    Path f = file("three-mistakes.conf", String.join("\n",
        "segmentation {",
        "  kmeans.k = many",
        "  rfm.binz = 5",
        "  tiers.rules = [",
        "    { code = vip, name = VIP, when = \"monetary >\" },",
        "    { code = big, name = Big, when = \"frequency > 3\" },",
        "    { code = odd, name = Odd, when = \"\" }",
        "  ]",
        "  output.keep-snapshotz = 3",
        "}", ""));

    assertThatThrownBy(() -> load("--config", f.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("5 configuration errors, in file order:\n  1. segmentation.kmeans.k must be auto or a"
            + " whole number, got: many (")
        .hasMessageContaining("three-mistakes.conf: 2)\n  2. unknown config key segmentation.rfm.binz (")
        .hasMessageContaining("three-mistakes.conf: 3)")
        .hasMessageContaining("\n  3. tier 'vip' (segmentation.tiers.rules[0].when) is not a valid Spark SQL"
            + " expression: monetary >")
        .hasMessageContaining("\n  4. segmentation.tiers.rules[2] (tier 'odd') has an empty condition")
        .hasMessageContaining("\n  5. unknown config key segmentation.output.keep-snapshotz (")
        .hasMessageEndingWith("three-mistakes.conf: 9); see conf/application.conf for the keys the job knows");
  }

  @Test
  void valuesOfTheWrongTypeAreAllReportedTogether() throws IOException {
    Path f = file("types.conf", "segmentation {\n  rfm.bins = five\n  kmeans.max-iter = lots\n}\n");

    assertThatThrownBy(() -> load("--config", f.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("2 configuration errors, in file order:\n  1. invalid configuration: ")
        .hasMessageContaining("types.conf: 2: segmentation.rfm.bins has type STRING rather than NUMBER")
        .hasMessageContaining("\n  2. invalid configuration: ")
        .hasMessageContaining("types.conf: 3: segmentation.kmeans.max-iter has type STRING rather than NUMBER");
  }

  @Test
  void aBadAsOfDateIsRejected() {
    assertThatThrownBy(() -> load("--as-of", "2025-13-01"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.as-of must be a date YYYY-MM-DD, got: 2025-13-01");
  }

  @Test
  void aWrongTypeIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> load("--set", "segmentation.kmeans.k=many"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("segmentation.kmeans.k");
  }

  @Test
  void unknownFlagsAndFlagsWithoutValueAreRejected() {
    assertThatThrownBy(() -> JobArgs.parse("--asof", "2025-01-01"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown flag --asof");
    assertThatThrownBy(() -> JobArgs.parse("--output"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("flag --output needs a value");
  }

  @Test
  void readerOptionsAndColumnMappingsAcceptTheUsersOwnKeys() throws IOException {
    Path f = file("export.conf", """
        segmentation.input.transactions {
          options { sep = ";" }
          columns { order_id = "InvoiceNo", amount = "Quantity * UnitPrice", category = "" }
        }
        """);

    JobConfig config = load("--config", f.toString());

    assertThat(config.transactions().options()).containsEntry("sep", ";").containsEntry("header", "true");
    assertThat(config.transactions().columns())
        .containsEntry("order_id", "InvoiceNo")
        .containsEntry("amount", "Quantity * UnitPrice")
        .doesNotContainKey("category");
  }

  @Test
  void theShippedApplicationConfDocumentsEveryKeyAndLoads() {
    Config shipped = ConfigFactory.parseFile(Path.of("conf/application.conf").toFile(),
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config reference = ConfigFactory.defaultReference().getConfig("segmentation");

    List<String> missing = reference.entrySet().stream().map(Map.Entry::getKey)
        .filter(k -> !shipped.hasPathOrNull("segmentation." + k))
        .sorted().toList();
    assertThat(missing).isEmpty();
    assertThat(load("--config", "conf/application.conf").kmeans()).isEqualTo(load().kmeans());
  }
}
