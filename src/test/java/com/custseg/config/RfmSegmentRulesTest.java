package com.custseg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment rule set is checked over every score combination when it is built, before Spark starts. */
class RfmSegmentRulesTest {
  private static final TierRule NO_SCORES = new TierRule("no_purchase", "未购买客户", "");

  private static SegmentRule rule(int number, String code, String r, String f, String m) {
    return new SegmentRule(number, code, code + " name", ScoreRange.parse(r, "r"), ScoreRange.parse(f, "f"),
        ScoreRange.parse(m, "m"));
  }

  @Test
  void thePublishedRulesGiveEveryOneOfTheElevenSegmentsAndCoverAllCombinations() {
    RfmSegmentRules rules = TestConfigs.reference().segments();
    Map<String, Integer> combinations = new TreeMap<>();
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        for (int m = 1; m <= 5; m++) {
          combinations.merge(rules.firstMatch(r, f, m).orElseThrow().code(), 1, Integer::sum);
        }
      }
    }

    // Counted by hand from the ranges: e.g. champions 2x2x2 = 8, loyal_customers 3x3x3 - 8 = 19.
    assertThat(combinations).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("champions", 8), Map.entry("loyal_customers", 19), Map.entry("new_customers", 5),
        Map.entry("promising", 10), Map.entry("cant_lose_them", 4), Map.entry("at_risk", 14),
        Map.entry("need_attention", 6), Map.entry("potential_loyalist", 30), Map.entry("about_to_sleep", 13),
        Map.entry("hibernating", 7), Map.entry("lost", 9)));
    assertThat(rules.fallback()).isEmpty();
    assertThat(rules.noScores()).isEqualTo(NO_SCORES);
    assertThat(rules.rules().get(0).name()).isEqualTo("重要价值客户");
    assertThat(rules.rules().get(2).label()).isEqualTo("3: r=5 f=1 m=1-5");
  }

  @Test
  void theWidelyPublishedFirstMatchTableIsRejectedBecauseNewCustomersIsShadowedByPotentialLoyalist() {
    List<SegmentRule> table = List.of(
        rule(1, "champions", "4-5", "4-5", "4-5"), rule(2, "loyal_customers", "2-5", "3-5", "3-5"),
        rule(3, "potential_loyalist", "3-5", "1-3", "1-3"), rule(4, "new_customers", "4-5", "1", "1"),
        rule(5, "promising", "3-4", "1", "1"), rule(6, "need_attention", "2-3", "2-3", "2-3"),
        rule(7, "about_to_sleep", "2-3", "1-2", "1-2"), rule(8, "at_risk", "1-2", "2-5", "2-5"),
        rule(9, "cant_lose_them", "1", "4-5", "4-5"), rule(10, "hibernating", "1-2", "1-2", "1-2"),
        rule(11, "lost", "1-2", "1-2", "1-2"));

    assertThatThrownBy(() -> new RfmSegmentRules(table, Optional.empty(), NO_SCORES, 5))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments rule 4 'new_customers' (r=4-5 f=1 m=1) can never match: every score"
            + " combination it covers is taken by earlier rule 3 'potential_loyalist' (r=3-5 f=1-3 m=1-3)");
  }

  @Test
  void aRuleCoveredByTwoEarlierRulesTogetherNamesBoth() {
    List<SegmentRule> rules = List.of(rule(1, "low", "1", "1-5", "1-5"), rule(2, "mid", "2-3", "1-5", "1-5"),
        rule(3, "high", "4-5", "1-5", "1-5"), rule(4, "old", "1-2", "1-2", "1-5"));

    assertThatThrownBy(() -> new RfmSegmentRules(rules, Optional.empty(), NO_SCORES, 5))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments rule 4 'old' (r=1-2 f=1-2 m=1-5) can never match: every score"
            + " combination it covers is taken by earlier rule 1 'low' (r=1 f=1-5 m=1-5), rule 2 'mid'"
            + " (r=2-3 f=1-5 m=1-5)");
  }

  @Test
  void combinationsNoRuleMatchesAreAnErrorWithoutADefault() {
    List<SegmentRule> rules = List.of(rule(1, "top", "3", "1-3", "1-3"), rule(2, "rest", "1-2", "1-3", "2-3"));

    assertThatThrownBy(() -> new RfmSegmentRules(rules, Optional.empty(), NO_SCORES, 3))
        .isInstanceOf(ConfigException.class)
        // r 1-2 x f 1-3 with m = 1: six combinations, the first five listed.
        .hasMessage("segmentation.segments: 6 score combination(s) (r, f, m) match no rule, e.g. (1, 1, 1),"
            + " (1, 2, 1), (1, 3, 1), (2, 1, 1), (2, 2, 1); add rules for them or set segmentation.segments.default");
  }

  @Test
  void aDefaultTakesTheUncoveredCombinationsButADefaultThatCanNeverBeAssignedIsAnError() {
    List<SegmentRule> partial = List.of(rule(1, "top", "3", "1-3", "1-3"), rule(2, "rest", "1-2", "1-3", "2-3"));
    TierRule other = new TierRule("other", "其他", "");

    RfmSegmentRules withDefault = new RfmSegmentRules(partial, Optional.of(other), NO_SCORES, 3);
    assertThat(withDefault.firstMatch(2, 2, 1)).isEmpty();
    assertThat(withDefault.firstMatch(2, 2, 2)).map(SegmentRule::code).contains("rest");

    List<SegmentRule> full = List.of(rule(1, "all", "1-3", "1-3", "1-3"));
    assertThatThrownBy(() -> new RfmSegmentRules(full, Optional.of(other), NO_SCORES, 3))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments.default 'other' can never be assigned: the rules cover every score"
            + " combination; set segmentation.segments.default.code = \"\" or narrow the rules");
  }

  @Test
  void aRangeOutsideTheConfiguredBinsIsAnError() {
    List<SegmentRule> rules = List.of(rule(1, "champions", "4-5", "1-3", "1-3"));

    assertThatThrownBy(() -> new RfmSegmentRules(rules, Optional.empty(), NO_SCORES, 3))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments rule 1 'champions' (r=4-5 f=1-3 m=1-3): range 4-5 is outside the scores"
            + " 1-3 (segmentation.rfm.bins = 3)");
  }

  @Test
  void aSegmentWithTwoNamesAndANoScoresSegmentThatIsAlsoARuleAreErrors() {
    List<SegmentRule> twoNames = List.of(rule(1, "low", "1", "1-3", "1-3"),
        new SegmentRule(2, "low", "other name", new ScoreRange(2, 3), new ScoreRange(1, 3), new ScoreRange(1, 3)));
    assertThatThrownBy(() -> new RfmSegmentRules(twoNames, Optional.empty(), NO_SCORES, 3))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments rule 2 'low' (r=2-3 f=1-3 m=1-3): segment 'low' is named 'low name' by an"
            + " earlier rule and 'other name' here");

    List<SegmentRule> all = List.of(rule(1, "no_purchase", "1-3", "1-3", "1-3"));
    assertThatThrownBy(() -> new RfmSegmentRules(all, Optional.empty(), NO_SCORES, 3))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments.no-scores: code 'no_purchase' is already a segment of the rules or the"
            + " default; customers without scores need a segment of their own");
  }

  @Test
  void thePublishedRulesAreRejectedWhenTheBinsChangeWithoutThem() {
    assertThatThrownBy(() -> TestConfigs.load("--set", "segmentation.rfm.bins=4"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments rule 1 'champions' (r=4-5 f=4-5 m=4-5): range 4-5 is outside the scores"
            + " 1-4 (segmentation.rfm.bins = 4)");
  }

  @Test
  void aMalformedRangeAndAnUnknownRuleFieldAreRejectedNamingTheKey(@TempDir Path dir) throws IOException {
    Path badRange = dir.resolve("range.conf");
    Files.writeString(badRange, "segmentation.segments.rules = [ { code = \"x\", name = \"X\", r = \"4-\" } ]\n");
    assertThatThrownBy(() -> TestConfigs.load("--config", badRange.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.segments.rules[0].r must be a score or a range of scores like \"4-5\", got: \"4-\"");

    Path badField = dir.resolve("field.conf");
    Files.writeString(badField, "segmentation.segments.rules = [ { code = \"x\", name = \"X\", rr = \"4\" } ]\n");
    assertThatThrownBy(() -> TestConfigs.load("--config", badField.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.segments.rules[0] has an unknown field 'rr' (")
        .hasMessageEndingWith("); a rule takes code, name, r, f, m");
  }

  /**
   * Property: for random rule sets, either the set is rejected at load, or every score combination gets exactly one
   * segment (a rule or the default) and every rule wins at least one combination.
   */
  @Test
  void everyAcceptedRandomRuleSetGivesEachCombinationOneSegmentAndUsesEveryRule() {
    Random random = new Random(7L);
    int accepted = 0;
    for (int trial = 0; trial < 2000; trial++) {
      int bins = 3 + random.nextInt(3);
      List<SegmentRule> rules = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      for (int i = 1; i <= count; i++) {
        rules.add(new SegmentRule(i, "s" + i, "S" + i, range(random, bins), range(random, bins),
            range(random, bins)));
      }
      Optional<TierRule> fallback = random.nextBoolean() ? Optional.of(new TierRule("other", "其他", ""))
          : Optional.empty();
      RfmSegmentRules set;
      try {
        set = new RfmSegmentRules(rules, fallback, NO_SCORES, bins);
      } catch (ConfigException e) {
        assertThat(e.getMessage()).containsAnyOf("can never match", "match no rule", "can never be assigned");
        continue;
      }
      accepted++;
      boolean[] used = new boolean[count + 1];
      boolean defaultUsed = false;
      for (int r = 1; r <= bins; r++) {
        for (int f = 1; f <= bins; f++) {
          for (int m = 1; m <= bins; m++) {
            Optional<SegmentRule> match = set.firstMatch(r, f, m);
            assertThat(match.isPresent() || fallback.isPresent()).isTrue();
            match.ifPresent(s -> used[s.number()] = true);
            defaultUsed |= match.isEmpty();
          }
        }
      }
      for (int i = 1; i <= count; i++) {
        assertThat(used[i]).as("rule %d of an accepted set is used", i).isTrue();
      }
      assertThat(defaultUsed).isEqualTo(fallback.isPresent());
    }
    assertThat(accepted).isGreaterThan(50);
  }

  private static ScoreRange range(Random random, int bins) {
    int a = 1 + random.nextInt(bins);
    int b = 1 + random.nextInt(bins);
    return new ScoreRange(Math.min(a, b), Math.max(a, b));
  }
}
