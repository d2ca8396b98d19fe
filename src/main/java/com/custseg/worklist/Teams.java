package com.custseg.worklist;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.ConfigException;
import com.custseg.config.WorklistConfig;
import com.custseg.config.WorklistTeam;
import com.custseg.io.CustomerColumns;
import com.custseg.region.RegionColumns;
import com.custseg.region.RegionMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Which team owns each customer: the team owning the customer's province, directly or through its region, else the
 * default team. Every province has at most one owner ({@link #check}), so the order of the teams does not matter.
 */
public final class Teams {

  /**
   * Checks the teams against the region mapping, before any input is read: every region and province code a team
   * names exists in the mapping; no province is owned by two teams (one through its region, the other directly
   * counts too: the error names both); without a default team, every province of the mapping has an owner.
   */
  public static void check(RegionMapping mapping, WorklistConfig config) {
    Set<String> regions = mapping.regions().stream().map(RegionMapping.Region::code).collect(Collectors.toSet());
    Map<String, RegionMapping.Division> divisions = new LinkedHashMap<>();
    mapping.divisions().forEach(d -> divisions.put(d.code(), d));
    Map<String, WorklistTeam> owner = new LinkedHashMap<>();
    for (WorklistTeam team : config.teams()) {
      for (String region : team.regions()) {
        if (!regions.contains(region) && !region.equals(RegionColumns.UNKNOWN)) {
          throw new ConfigException(team.key() + ".regions: team '" + team.code() + "' names region '" + region
              + "', which " + mapping.source() + " does not define; its regions are " + regions.stream().sorted()
              .toList() + " and " + RegionColumns.UNKNOWN);
        }
      }
      for (String province : team.provinces()) {
        if (!divisions.containsKey(province)) {
          throw new ConfigException(team.key() + ".provinces: team '" + team.code() + "' names province '"
              + province + "', which is not a province code of " + mapping.source() + " (e.g. "
              + divisions.keySet().stream().limit(5).toList() + ")");
        }
      }
      for (RegionMapping.Division d : divisions.values()) {
        if (team.provinces().contains(d.code()) || team.regions().contains(d.region())) {
          WorklistTeam other = owner.putIfAbsent(d.code(), team);
          if (other != null && other != team) {
            throw new ConfigException(WorklistConfig.TEAMS + ": teams '" + other.code() + "' (" + other.key() + ") and '"
                + team.code() + "' (" + team.key() + ") both own province " + d.code() + " " + d.name()
                + " (region " + d.region() + "); every customer belongs to exactly one team");
          }
        }
      }
    }
    if (config.defaultTeam().isEmpty()) {
      List<String> uncovered = new ArrayList<>();
      divisions.values().stream().filter(d -> !owner.containsKey(d.code()))
          .forEach(d -> uncovered.add(d.code() + " " + d.name()));
      if (!uncovered.isEmpty()) {
        throw new ConfigException(WorklistConfig.TEAMS + ": no team owns " + uncovered.size() + " province(s) of "
            + mapping.source() + ": " + uncovered + "; give them to a team or set segmentation.teams.default-team");
      }
    }
  }

  /**
   * Adds team and team_name. Without a default team, a customer no team owns (e.g. of region unknown, when no team
   * owns it) fails the query with a message naming the customer, the region and the province.
   */
  public static Dataset<Row> withTeam(Dataset<Row> customers, WorklistConfig config) {
    Column team = null;
    Column name = null;
    for (WorklistTeam t : config.teams()) {
      Column owns = lit(false);
      if (!t.provinces().isEmpty()) {
        owns = owns.or(coalesce(col(RegionColumns.PROVINCE_CODE).isin(t.provinces().toArray()), lit(false)));
      }
      if (!t.regions().isEmpty()) {
        owns = owns.or(coalesce(col(RegionColumns.REGION_CODE).isin(t.regions().toArray()), lit(false)));
      }
      team = team == null ? when(owns, lit(t.code())) : team.when(owns, lit(t.code()));
      name = name == null ? when(owns, lit(t.name())) : name.when(owns, lit(t.name()));
    }
    Column fallbackCode;
    Column fallbackName;
    if (config.defaultTeam().isPresent()) {
      WorklistTeam d = config.team(config.defaultTeam().get());
      fallbackCode = lit(d.code());
      fallbackName = lit(d.name());
    } else {
      fallbackCode = raise_error(concat(lit("customer "), col(CustomerColumns.CUSTOMER_ID),
          lit(" (region "), coalesce(col(RegionColumns.REGION_CODE), lit("null")), lit(", province "),
          coalesce(col(RegionColumns.PROVINCE_CODE), lit("null")),
          lit(") is in no team's regions or provinces and segmentation.teams.default-team is empty")))
          .cast(DataTypes.StringType);
      fallbackName = lit(null).cast(DataTypes.StringType);
    }
    return customers
        .withColumn(ActionList.TEAM, team.otherwise(fallbackCode))
        .withColumn(ActionList.TEAM_NAME, name.otherwise(fallbackName));
  }

  private Teams() {}
}
