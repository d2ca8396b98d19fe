package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each key is declared once, in the record that owns it, and its default lives in reference.conf alone. */
class ConfigKeysTest {
  private static final List<Class<?>> RECORDS = List.of(JobConfig.class, SourceConfig.class, RfmConfig.class,
      RfmSegmentRules.class, KMeansConfig.class, ValueConfig.class, OutputConfig.class, PrivacyConfig.class,
      WorklistConfig.class, SmallInputConfig.class, CleaningConfig.class,
      RecommendConfig.class, InteractionsConfig.class, FeedbackConfig.class);
  private static final Pattern KEY_LITERAL = Pattern.compile("\"segmentation\\.");
  private static final Pattern DECLARATION =
      Pattern.compile("^  public static final String [A-Z_]+ = \"segmentation\\.[a-z.-]+\";$");
  /** Sub-trees whose keys are the user's own, not the job's. */
  private static final List<String> FREE_FORM = List.of(".options.", ".columns.", ".currency.rates.",
      ".export.headers.",
      ".channel-aliases.");

  @Test
  void everyKeyConstantNamesASettingOfTheReferenceAndNoKeyIsDeclaredTwice() throws IllegalAccessException {
    Config reference = ConfigFactory.defaultReference();
    Map<String, String> declared = new LinkedHashMap<>();
    for (Class<?> record : RECORDS) {
      for (Field field : record.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
            && ((String) field.get(null)).startsWith(JobConfig.ROOT + ".")) {
          String key = (String) field.get(null);
          String where = record.getSimpleName() + "." + field.getName();
          assertThat(reference.hasPath(key)).as(where + " = " + key + " is in reference.conf").isTrue();
          assertThat(declared.put(key, where)).as(key + " declared by " + where + " and " + declared.get(key))
              .isNull();
        }
      }
    }
    assertThat(declared).hasSizeGreaterThan(50);
  }

  @Test
  void keyLiteralsAppearInSrcMainOnlyAsTheConstantsOfTheConfigRecords() throws IOException {
    List<String> strays = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
        boolean record = RECORDS.stream().anyMatch(r -> file.endsWith(
            Path.of("com/custseg/config", r.getSimpleName() + ".java")));
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = KEY_LITERAL.matcher(lines.get(i));
          if (m.find() && !(record && DECLARATION.matcher(lines.get(i)).matches())) {
            strays.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      });
    }
    assertThat(strays).as("\"segmentation.… literals outside the key constants").isEmpty();
  }

  @Test
  void noSettingHasADefaultInJavaSoEveryKeyOfTheReferenceIsNeeded() {
    Config reference = ConfigFactory.defaultReference().resolve();
    assertThat(ConfigLoader.fromConfig(reference, name -> null).kmeans().seed())
        .isEqualTo(reference.getLong(KMeansConfig.SEED));
    List<String> keys = reference.getConfig(JobConfig.ROOT).entrySet().stream()
        .map(e -> JobConfig.ROOT + "." + e.getKey())
        .filter(key -> FREE_FORM.stream().noneMatch(key::contains)).sorted().toList();
    assertThat(keys).contains(KMeansConfig.FEATURES, ValueConfig.TOLERANCE, SourceConfig.CUSTOMERS + ".date-format",
        SourceConfig.TRANSACTIONS + ".timestamp-format", SourceConfig.TRANSACTIONS + ".currency.base");
    List<String> defaultedInJava = new ArrayList<>();
    for (String key : keys) {
      try {
        ConfigLoader.fromConfig(reference.withoutPath(key), name -> null);
        defaultedInJava.add(key);
      } catch (com.typesafe.config.ConfigException.Missing e) {
        assertThat(e.getMessage()).contains(key.substring(key.lastIndexOf('.') + 1));
      } catch (ConfigException e) { // a rule list's entry without a field it needs
        assertThat(e.getMessage()).contains("needs '" + key.substring(key.lastIndexOf('.') + 1) + "'");
      }
    }
    assertThat(defaultedInJava).as("keys the loader does without: a Java default stands in for them").isEmpty();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
