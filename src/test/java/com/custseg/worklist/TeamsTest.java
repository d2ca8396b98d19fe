package com.custseg.worklist;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.WorklistConfig;
import com.custseg.config.WorklistTeam;
import com.custseg.region.RegionMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every customer belongs to exactly one team: overlaps and gaps are found in the config, before any data. */
class TeamsTest {
  private static final RegionMapping CHINA = RegionMapping.load(Path.of("conf/regions/china.conf"));

  private static WorklistTeam team(int i, String code, List<String> regions, List<String> provinces) {
    return new WorklistTeam("segmentation.teams.list[" + i + "]", code, code, regions, provinces, false);
  }

  private static WorklistConfig teams(Optional<String> defaultTeam, WorklistTeam... teams) {
    WorklistConfig base = WorklistFixtures.config(WorklistFixtures.playbook());
    return new WorklistConfig(base.actions(), List.of(teams), defaultTeam, base.export());
  }

  @Test
  void aProvinceOwnedThroughItsRegionAndDirectlyIsAnOverlapNamingBothTeams() {
    WorklistConfig config = teams(Optional.of("south_team"), team(0, "south_team", List.of("south"), List.of()),
        team(1, "gd_agent", List.of(), List.of("GD")));

    assertThatThrownBy(() -> Teams.check(CHINA, config))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.teams: teams 'south_team' (segmentation.teams.list[0]) and 'gd_agent'"
            + " (segmentation.teams.list[1]) both own province GD 广东省 (region south); every customer belongs to"
            + " exactly one team");
  }

  @Test
  void theSameRegionInTwoTeamsIsRejectedWhenTheConfigIsBuilt() {
    assertThatThrownBy(() -> teams(Optional.empty(), team(0, "a", List.of("east"), List.of()),
        team(1, "b", List.of("north", "east"), List.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.teams: teams 'a' (segmentation.teams.list[0]) and 'b' (segmentation.teams.list[1])"
            + " both own region east; every customer belongs to exactly one team");
  }

  @Test
  void withoutADefaultTeamEveryProvinceNeedsAnOwner() {
    WorklistConfig config = teams(Optional.empty(),
        team(0, "a", List.of("north", "northeast", "east", "central", "south", "southwest"), List.of()),
        team(1, "b", List.of(), List.of("SN", "GS", "QH", "NX")));

    assertThatThrownBy(() -> Teams.check(CHINA, config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.teams: no team owns 1 province(s) of conf/regions/china.conf: [XJ ");
  }

  @Test
  void unknownRegionAndProvinceCodesAreRejected() {
    assertThatThrownBy(() -> Teams.check(CHINA, teams(Optional.of("a"), team(0, "a", List.of("huanan"),
        List.of()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.teams.list[0].regions: team 'a' names region 'huanan', which");
    assertThatThrownBy(() -> Teams.check(CHINA, teams(Optional.of("a"), team(0, "a", List.of(), List.of("44")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.teams.list[0].provinces: team 'a' names province '44', which is not a"
            + " province code of conf/regions/china.conf");
  }

  @Test
  void aRegionTeamAndProvinceTeamsOfOtherRegionsDoNotOverlap() {
    assertThatCode(() -> Teams.check(CHINA, teams(Optional.of("a"), team(0, "a", List.of("east", "unknown"),
        List.of()), team(1, "b", List.of(), List.of("GD", "GX"))))).doesNotThrowAnyException();
  }
}
