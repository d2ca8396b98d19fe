package com.custseg.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code --config FILE} (repeatable, later files win), {@code --as-of YYYY-MM-DD},
 * {@code --output DIR}, {@code --master URL}, {@code --step ingest|segment|all} and {@code --set key=value} (repeatable, any config key).
 * Flags become config overrides so that one precedence order governs everything.
 */
public record JobArgs(List<Path> configFiles, Map<String, String> overrides) {

  public static final String USAGE = String.join("\n",
      "Usage: SegmentationJob [--config FILE]... [--as-of YYYY-MM-DD] [--output DIR] [--master URL]",
      "                       [--calibration-end YYYY-MM-DD] [--step ingest|segment|all]",
      "                       [--set segmentation.KEY=VALUE]...",
      "Settings: defaults (reference.conf) < --config files in the order given < flags.");

  public JobArgs {
    configFiles = List.copyOf(configFiles);
    overrides = Map.copyOf(overrides);
  }

  public static JobArgs parse(String... args) {
    List<Path> files = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new ConfigException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new ConfigException("flag " + flag + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--config" -> files.add(Path.of(value));
        case "--as-of" -> overrides.put(JobConfig.AS_OF, value);
        case "--calibration-end" -> overrides.put(JobConfig.CALIBRATION_END, value);
        case "--output" -> overrides.put(OutputConfig.PATH, value);
        case "--master" -> overrides.put(JobConfig.SPARK_MASTER, value);
        case "--step" -> overrides.put(JobConfig.STEP, value);
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new ConfigException("--set takes key=value, got: " + value);
          }
          overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
        default -> throw new ConfigException("unknown flag " + flag + "\n" + USAGE);
      }
    }
    return new JobArgs(files, overrides);
  }
}
