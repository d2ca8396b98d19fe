package com.custseg.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors of one configuration, gathered so that a file with three mistakes is fixed in one run: each check that
 * fails adds its message, and {@link #throwIfAny} reports them all in one {@link ConfigException}, in the order of the
 * lines they are about (settings from flags or the defaults after those of files, in check order).
 */
final class ConfigErrors {
  /** A setting's key as messages name it: {@code segmentation.} and then key characters, list indices cut off. */
  private static final Pattern KEY = Pattern.compile("segmentation(\\.[A-Za-z0-9_-]+)+");

  private record Error(String message, String file, int line, int order) {}

  private final List<Error> errors = new ArrayList<>();

  /** An error about the setting whose value came from {@code origin} (null when unknown). */
  void add(String message, ConfigOrigin origin) {
    if (messages().contains(message)) {
      return; // one mistake found by two checks (a value read by two settings) is reported once
    }
    boolean inFile = origin != null && origin.filename() != null && origin.lineNumber() > 0;
    errors.add(new Error(message, inFile ? origin.filename() : null, inFile ? origin.lineNumber() : -1,
        errors.size()));
  }

  /**
   * The value of {@code check}, or null when it fails with a configuration error; the error is then added, placed at
   * the line of the first setting of {@code config} its message names.
   */
  <T> T attempt(Config config, Supplier<T> check) {
    try {
      return check.get();
    } catch (ConfigException e) {
      add(e.getMessage(), originOfFirstKey(config, e.getMessage()));
    } catch (com.typesafe.config.ConfigException.Missing e) {
      throw e; // the reference has every key: a missing one is a defect of the job, not of the user's settings
    } catch (com.typesafe.config.ConfigException e) {
      add("invalid configuration: " + e.getMessage(), e.origin());
    }
    return null;
  }

  /** As {@link #attempt(Config, Supplier)}, an error placed at {@code origin} (a list entry, say). */
  <T> T attempt(ConfigOrigin origin, Supplier<T> check) {
    try {
      return check.get();
    } catch (ConfigException e) {
      add(e.getMessage(), origin);
    } catch (com.typesafe.config.ConfigException.Missing e) {
      throw e; // the reference has every key: a missing one is a defect of the job, not of the user's settings
    } catch (com.typesafe.config.ConfigException e) {
      add("invalid configuration: " + e.getMessage(), e.origin());
    }
    return null;
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<String> messages() {
    return errors.stream().map(Error::message).toList();
  }

  /** Throws one exception with every error; a single error keeps its own message. */
  void throwIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    List<Error> ordered = errors.stream().sorted(Comparator
        .comparing((Error e) -> e.file() == null)
        .thenComparing(e -> e.file() == null ? "" : e.file())
        .thenComparingInt(Error::line)
        .thenComparingInt(Error::order)).toList();
    if (ordered.size() == 1) {
      throw new ConfigException(ordered.get(0).message());
    }
    StringBuilder message = new StringBuilder(ordered.size() + " configuration errors, in file order:");
    for (int i = 0; i < ordered.size(); i++) {
      message.append("\n  ").append(i + 1).append(". ").append(ordered.get(i).message().replace("\n", "\n     "));
    }
    throw new ConfigException(message.toString());
  }

  private static ConfigOrigin originOfFirstKey(Config config, String message) {
    Matcher m = KEY.matcher(message == null ? "" : message);
    while (m.find()) {
      for (String key = m.group(); key.contains("."); key = key.substring(0, key.lastIndexOf('.'))) {
        try {
          if (config.hasPathOrNull(key)) {
            return config.getValue(key).origin();
          }
        } catch (com.typesafe.config.ConfigException e) {
          // not a path this config can look up (a key with odd characters): try a shorter one
        }
      }
    }
    return null;
  }
}
