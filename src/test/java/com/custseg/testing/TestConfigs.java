package com.custseg.testing;

import com.custseg.config.ConfigLoader;
import com.custseg.config.JobArgs;
import com.custseg.config.JobConfig;
import com.custseg.config.KMeansConfig;
import com.custseg.config.RecommendConfig;
import com.custseg.config.ValueConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The one way tests build settings: through {@link ConfigLoader}, as the job does (reference.conf &lt; --config
 * files &lt; flags), so every default a test relies on is the one in reference.conf.
 */
public final class TestConfigs {
  private static JobConfig reference;

  /** reference.conf alone: the job's defaults. */
  public static synchronized JobConfig reference() {
    if (reference == null) {
      reference = load();
    }
    return reference;
  }

  /**
   * The settings given by these command-line arguments (flags, --set and --config), with recommendations off unless
   * the arguments turn them on ({@code --set segmentation.recommendations.enabled=true}): an ALS fit in every
   * pipeline test would double the suite's time, and the recommendation tests turn them on.
   */
  public static JobConfig load(String... args) {
    return ConfigLoader.load(JobArgs.parse(withoutRecommendations(args)));
  }

  /** As {@link #load(String...)}, with environment variables (the HMAC key) looked up in {@code environment}. */
  public static JobConfig load(Function<String, String> environment, String... args) {
    return ConfigLoader.load(JobArgs.parse(withoutRecommendations(args)), environment);
  }

  private static String[] withoutRecommendations(String[] args) {
    List<String> all = new ArrayList<>(List.of("--set", RecommendConfig.ENABLED + "=false"));
    all.addAll(Arrays.asList(args));
    return all.toArray(String[]::new);
  }

  /** Writes {@code hocon} to {@code file} and loads it as the --config file, followed by {@code flags}. */
  public static JobConfig loadFile(Path file, String hocon, String... flags) {
    try {
      Files.writeString(file, hocon);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("--config", file.toString()));
    args.addAll(Arrays.asList(flags));
    return load(args.toArray(String[]::new));
  }

  /** {@code --set prefix + assignment} for each of {@code assignments} ("k=3"). */
  public static String[] sets(String prefix, String... assignments) {
    return Arrays.stream(assignments).flatMap(a -> java.util.stream.Stream.of("--set", prefix + a))
        .toArray(String[]::new);
  }

  /** The k-means settings of reference.conf. */
  public static KMeansConfig kmeans() {
    return reference().kmeans();
  }

  /** The k-means settings of reference.conf with a fixed k and these seed, iterations and tolerance. */
  public static KMeansConfig kmeans(int k, long seed, int maxIter, double tol) {
    KMeansConfig d = kmeans();
    return new KMeansConfig(k, d.kMin(), d.kMax(), d.sampleSize(), d.fitSampleSize(), d.features(), d.clipLower(),
        d.clipUpper(), seed, maxIter, tol, d.scoreWith(), d.crosstabDimensions());
  }

  /** The customer-value settings of reference.conf. */
  public static ValueConfig value() {
    return reference().value();
  }

  private TestConfigs() {}
}
