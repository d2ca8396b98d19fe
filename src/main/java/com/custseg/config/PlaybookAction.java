package com.custseg.config;

import java.util.regex.Pattern;

/**
 * One rule of the playbook (segmentation.playbook): customers of customer_segments for whom {@code when} holds get
 * this action, unless an earlier rule matched. The default action ({@code segmentation.playbook.default}) has an
 * empty condition. Several rules may give the same action (same code).
 *
 * @param key the config key of the rule, e.g. segmentation.playbook.actions[1]: every error names it
 * @param number position in the playbook from 1, the default last
 * @param code ASCII action code, e.g. win_back_offer; {@link #NONE} means "no action": the customer is not listed
 * @param name display name, e.g. 唤醒优惠
 * @param cadenceDays days from the snapshot to the due date of the contact
 * @param channel how the team makes contact (text, e.g. 电话)
 * @param offer the recommended offer; {@code {column}} is replaced by the customer's value of that column
 * @param priority Spark SQL numeric expression over the customer_segments columns: higher = more important
 */
public record PlaybookAction(String key, int number, String code, String name, String when, int cadenceDays,
    String channel, String offer, String priority) {
  /** The action code of customers the playbook leaves alone: they get no row in action_list. */
  public static final String NONE = "none";
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");

  public PlaybookAction {
    if (!CODE.matcher(code).matches()) {
      throw new ConfigException(key + ".code must be lower-case ASCII ([a-z][a-z0-9_]*), got: '" + code + "'");
    }
    if (name.isBlank()) {
      throw new ConfigException(key + " (action '" + code + "') needs a display name");
    }
    if (cadenceDays < 0) {
      throw new ConfigException(key + ".cadence-days must be at least 0, got: " + cadenceDays);
    }
    if (priority.isBlank()) {
      throw new ConfigException(key + ".priority must be a numeric expression, got an empty one");
    }
    when = when.trim();
  }

  public boolean isDefault() {
    return when.isEmpty();
  }

  /** Whether customers matching this rule are listed (every action but {@link #NONE}). */
  public boolean isListed() {
    return !code.equals(NONE);
  }

  /** How the rule is named in the reason column, e.g. "rule 2 win_back_offer: churn_risk_band = 'high'". */
  public String label() {
    return isDefault() ? "default " + code : "rule " + number + " " + code + ": " + when;
  }
}
