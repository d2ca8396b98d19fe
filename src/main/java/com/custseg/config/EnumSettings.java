package com.custseg.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Settings whose value is one constant of an enum. The value in config is the constant's name in lower case with
 * {@code -} for {@code _} ({@code CREATE_MINIMAL_CUSTOMER} is {@code create-minimal-customer}), matched after trimming
 * and ignoring case; the error names the key, the value and every allowed value, read from the enum itself.
 */
public final class EnumSettings {

  /** How {@code constant} is written in config. */
  public static String configName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
    E[] constants = type.getEnumConstants();
    return Arrays.stream(constants).filter(e -> configName(e).equalsIgnoreCase(value.trim())).findFirst()
        .orElseThrow(() -> new ConfigException(key + " must be " + allowed(constants) + ", got: " + value));
  }

  /** "a or b", "a, b or c". */
  private static String allowed(Enum<?>[] constants) {
    List<String> names = Arrays.stream(constants).map(EnumSettings::configName).toList();
    return names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  private EnumSettings() {}
}
