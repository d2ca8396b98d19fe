package com.custseg.config;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The playbook, the teams and the export of their worklists (segmentation.playbook, segmentation.teams,
 * segmentation.export). Worklists are written when at least one team is configured.
 *
 * @param actions the playbook's rules in precedence order, the default action last
 * @param teams the teams; empty: no action_list, no exports
 * @param defaultTeam the team of customers in no team's regions or provinces; empty: such customers fail the run
 * @param export how the per-team files are written
 */
public record WorklistConfig(List<PlaybookAction> actions, List<WorklistTeam> teams, Optional<String> defaultTeam,
    Export export) {
  public static final String PLAYBOOK = "segmentation.playbook";
  public static final String TEAMS = "segmentation.teams";
  public static final String DEFAULT_TEAM = "segmentation.teams.default-team";
  public static final String EXPORT = "segmentation.export";
  public static final String EXPORT_FORMATS = "segmentation.export.formats";


  /** The files of each team's worklist. */
  public enum Format { CSV, XLSX }

  /**
   * @param formats the files written per team
   * @param csvCharset UTF-8 (written with a byte order mark, for Excel) or GBK
   * @param template where the header names come from ("" = the column names), for messages
   * @param headers export column → header, from the CRM template overridden by segmentation.export.headers; columns
   *     absent keep their own name
   */
  public record Export(List<Format> formats, Charset csvCharset, String template, Map<String, String> headers) {
    public Export {
      formats = List.copyOf(formats);
      headers = Map.copyOf(headers);
      if (formats.isEmpty()) {
        throw new ConfigException(EXPORT_FORMATS + " must name at least one of csv, xlsx");
      }
    }

    /** The header of an export column. */
    public String header(String column) {
      return headers.getOrDefault(column, column);
    }
  }

  public WorklistConfig {
    actions = List.copyOf(actions);
    teams = List.copyOf(teams);
    if (actions.isEmpty() || !actions.get(actions.size() - 1).isDefault()) {
      throw new ConfigException(PLAYBOOK + " must end with the default action "
          + "(segmentation.playbook.default)");
    }
    Map<String, WorklistTeam> byCode = new HashMap<>();
    Map<String, WorklistTeam> regionOwner = new LinkedHashMap<>();
    Map<String, WorklistTeam> provinceOwner = new LinkedHashMap<>();
    for (WorklistTeam team : teams) {
      WorklistTeam before = byCode.put(team.code(), team);
      if (before != null) {
        throw new ConfigException(TEAMS + ": team code '" + team.code() + "' is used twice (" + before.key()
            + " and " + team.key() + ")");
      }
      claim(regionOwner, team.regions(), team, "region");
      claim(provinceOwner, team.provinces(), team, "province");
    }
    if (defaultTeam.isPresent() && !byCode.containsKey(defaultTeam.get())) {
      throw new ConfigException(DEFAULT_TEAM + " must be the code of one of the teams "
          + byCode.keySet().stream().sorted().toList() + ", got: '" + defaultTeam.get() + "'");
    }
  }

  /** Whether any team is configured: then the run writes action_list, the exports and export_log. */
  public boolean enabled() {
    return !teams.isEmpty();
  }

  /** The actions whose customers are listed, in playbook order, each code once: the XLSX sheets. */
  public List<PlaybookAction> listedActions() {
    List<PlaybookAction> listed = new ArrayList<>();
    for (PlaybookAction a : actions) {
      if (a.isListed() && listed.stream().noneMatch(l -> l.code().equals(a.code()))) {
        listed.add(a);
      }
    }
    return listed;
  }

  /** The team with that code. */
  public WorklistTeam team(String code) {
    return teams.stream().filter(t -> t.code().equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no team " + code));
  }

  private static void claim(Map<String, WorklistTeam> owners, List<String> codes, WorklistTeam team, String what) {
    for (String code : codes) {
      WorklistTeam owner = owners.putIfAbsent(code, team);
      if (owner != null && owner != team) {
        throw new ConfigException(TEAMS + ": teams '" + owner.code() + "' (" + owner.key() + ") and '"
            + team.code() + "' (" + team.key() + ") both own " + what + " " + code
            + "; every customer belongs to exactly one team");
      }
    }
  }
}
