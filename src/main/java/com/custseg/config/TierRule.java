package com.custseg.config;

import java.util.regex.Pattern;

/**
 * One business rule: customers for whom {@code when} (a Spark SQL boolean expression) holds get this tier, unless
 * an earlier rule matched. The default tier has an empty condition.
 *
 * @param code ASCII code written to the tables and used in SQL filters, e.g. vip
 * @param name display name, e.g. 高价值
 */
public record TierRule(String code, String name, String when) {
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");

  public TierRule {
    if (!CODE.matcher(code).matches()) {
      throw new ConfigException("tier code must be lower-case ASCII ([a-z][a-z0-9_]*), got: '" + code + "'");
    }
    if (name.isBlank()) {
      throw new ConfigException("tier '" + code + "' needs a display name");
    }
  }

  public boolean isDefault() {
    return when.isBlank();
  }
}
