package com.custseg.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * The sections segmentation.playbook, segmentation.teams and segmentation.export of the layered settings, mapped into
 * a {@link WorklistConfig}. The syntax of every expression and the teams' overlaps are checked here, before Spark
 * starts; the columns the expressions use, and the regions and provinces the teams own, are checked against the
 * real schema and mapping file before any input is read ({@code worklist.Worklists#check}).
 */
final class WorklistConfigLoader {
  private static final String PLAYBOOK = WorklistConfig.PLAYBOOK;
  private static final String TEAMS = WorklistConfig.TEAMS;
  private static final String EXPORT = WorklistConfig.EXPORT;
  private static final List<String> ACTION_FIELDS = List.of("code", "name", "when", "cadence-days", "channel",
      "offer", "priority");
  private static final List<String> TEAM_FIELDS = List.of("code", "name", "regions", "provinces", "contacts");

  static WorklistConfig load(Config c) {
    return new WorklistConfig(actions(c), teams(c), optional(c.getString(TEAMS + ".default-team")), export(c));
  }

  private static List<PlaybookAction> actions(Config c) {
    String defaultPriority = c.getString(PLAYBOOK + ".default-priority").trim();
    int defaultCadence = c.getInt(PLAYBOOK + ".default-cadence-days");
    List<PlaybookAction> actions = new ArrayList<>();
    List<? extends Config> list = c.getConfigList(PLAYBOOK + ".actions");
    for (int i = 0; i < list.size(); i++) {
      Config rule = list.get(i);
      String key = PLAYBOOK + ".actions[" + i + "]";
      fields(rule, key, List.of("code", "name", "when"), ACTION_FIELDS);
      String when = rule.getString("when").trim();
      if (when.isEmpty()) {
        throw new ConfigException(key + " (action '" + rule.getString("code") + "') has an empty condition; only"
            + " the default (" + PLAYBOOK + ".default) has none");
      }
      actions.add(action(rule, key, i + 1, when, defaultCadence, defaultPriority));
    }
    Config fallback = c.getConfig(PLAYBOOK + ".default");
    String key = PLAYBOOK + ".default";
    fields(fallback, key, List.of("code", "name"), ACTION_FIELDS.stream().filter(f -> !f.equals("when")).toList());
    actions.add(action(fallback, key, list.size() + 1, "", defaultCadence, defaultPriority));
    return actions;
  }

  private static PlaybookAction action(Config rule, String key, int number, String when, int defaultCadence,
      String defaultPriority) {
    String priority = rule.hasPath("priority") ? rule.getString("priority").trim() : defaultPriority;
    if (!when.isEmpty()) {
      syntax(key + ".when", when);
    }
    syntax(rule.hasPath("priority") ? key + ".priority" : PLAYBOOK + ".default-priority", priority);
    return new PlaybookAction(key, number, rule.getString("code").trim(), rule.getString("name").trim(), when,
        rule.hasPath("cadence-days") ? rule.getInt("cadence-days") : defaultCadence,
        rule.hasPath("channel") ? rule.getString("channel").trim() : "",
        rule.hasPath("offer") ? rule.getString("offer") : "", priority);
  }

  private static List<WorklistTeam> teams(Config c) {
    List<WorklistTeam> teams = new ArrayList<>();
    List<? extends Config> list = c.getConfigList(TEAMS + ".list");
    for (int i = 0; i < list.size(); i++) {
      Config team = list.get(i);
      String key = TEAMS + ".list[" + i + "]";
      fields(team, key, List.of("code", "name"), TEAM_FIELDS);
      teams.add(new WorklistTeam(key, team.getString("code").trim(), team.getString("name").trim(),
          team.hasPath("regions") ? trimmed(team.getStringList("regions")) : List.of(),
          team.hasPath("provinces") ? trimmed(team.getStringList("provinces")) : List.of(),
          team.hasPath("contacts") && team.getBoolean("contacts")));
    }
    return teams;
  }

  private static WorklistConfig.Export export(Config c) {
    List<WorklistConfig.Format> formats = new ArrayList<>();
    for (String f : c.getStringList(EXPORT + ".formats")) {
      try {
        WorklistConfig.Format format = WorklistConfig.Format.valueOf(f.trim().toUpperCase(Locale.ROOT));
        if (!formats.contains(format)) {
          formats.add(format);
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(EXPORT + ".formats: unknown format '" + f + "'; use csv, xlsx", e);
      }
    }
    String encoding = c.getString(EXPORT + ".csv-encoding").trim().toUpperCase(Locale.ROOT);
    Charset charset = switch (encoding) {
      case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
      case "GBK" -> Charset.forName("GBK");
      default -> throw new ConfigException(EXPORT + ".csv-encoding must be UTF-8 (written with a byte order mark)"
          + " or GBK, got: " + encoding);
    };
    String template = c.getString(EXPORT + ".crm-template").trim();
    Map<String, String> headers = new LinkedHashMap<>();
    if (!template.isEmpty()) {
      Path file = Path.of(template);
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(EXPORT + ".crm-template: file not found: " + file.toAbsolutePath() + " ("
            + c.getValue(EXPORT + ".crm-template").origin().description() + ")");
      }
      Config crm = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      if (!crm.hasPath("headers")) {
        throw new ConfigException(EXPORT + ".crm-template: " + file + " has no headers { column = \"header\" }");
      }
      crm.getConfig("headers").root().forEach((column, header) ->
          headers.put(column, String.valueOf(header.unwrapped()).trim()));
    }
    c.getConfig(EXPORT + ".headers").root().forEach((column, header) -> {
      String value = String.valueOf(header.unwrapped()).trim();
      if (!value.isEmpty()) {
        headers.put(column, value);
      }
    });
    headers.values().removeIf(String::isEmpty);
    return new WorklistConfig.Export(formats, charset, template, headers);
  }

  /** List entries are not reached by the unknown-key check: check their fields here. */
  private static void fields(Config entry, String key, List<String> required, List<String> allowed) {
    ConfigLoader.requireOnly(entry, key, required, allowed, "it");
  }

  private static void syntax(String key, String expression) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(expression);
    } catch (Exception e) { // ParseException is thrown undeclared by Scala code
      throw new ConfigException(key + " is not a valid Spark SQL expression: " + expression + "\n"
          + e.getMessage(), e);
    }
  }

  private static List<String> trimmed(List<String> values) {
    return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  private static Optional<String> optional(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private WorklistConfigLoader() {}
}
