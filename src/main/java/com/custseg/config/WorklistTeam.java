package com.custseg.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One team (or agent) of segmentation.teams: the regions and provinces it owns and whether its worklist export may
 * hold the customers' contact details.
 *
 * @param key the config key of the team, e.g. segmentation.teams.list[0]
 * @param code ASCII code, also the partition value of action_list and the export folder name
 * @param name display name, e.g. 华东团队
 * @param regions region codes of the mapping file (segmentation.regions.mapping-file), e.g. east; "unknown" owns
 *     the customers whose province matched nothing
 * @param provinces province codes of the mapping file (province_code), e.g. GD
 * @param contacts whether the team's exports include name, phone and email read from the source
 */
public record WorklistTeam(String key, String code, String name, List<String> regions, List<String> provinces,
    boolean contacts) {
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]*");

  public WorklistTeam {
    regions = List.copyOf(regions);
    provinces = List.copyOf(provinces);
    if (!CODE.matcher(code).matches()) {
      throw new ConfigException(key + ".code must be lower-case ASCII ([a-z][a-z0-9_-]*: it names a folder), got: '"
          + code + "'");
    }
    if (name.isBlank()) {
      throw new ConfigException(key + " (team '" + code + "') needs a display name");
    }
    if (regions.isEmpty() && provinces.isEmpty()) {
      throw new ConfigException(key + " (team '" + code + "') owns nothing: give it regions or provinces");
    }
  }
}
