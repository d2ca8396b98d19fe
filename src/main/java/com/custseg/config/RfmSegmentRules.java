package com.custseg.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The RFM segment rule set, checked over every score combination of the configured bins when it is built:
 * every rule must be able to match (a rule whose combinations are all taken by earlier rules is an error naming
 * them), and every combination must match a rule unless a default segment is set (which then must be reachable).
 *
 * @param rules in precedence order: the first rule whose ranges hold gives the segment
 * @param fallback segment of the combinations no rule covers, if any (condition empty)
 * @param noScores segment of customers without scores: those who never bought (condition empty)
 * @param bins scores run 1..bins
 */
public record RfmSegmentRules(List<SegmentRule> rules, Optional<TierRule> fallback, TierRule noScores, int bins) {
  public static final String SEGMENTS = "segmentation.segments";
  private static final int LISTED_GAPS = 5;

  public RfmSegmentRules {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new ConfigException(SEGMENTS + ".rules must hold at least one rule");
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (SegmentRule rule : rules) {
      for (ScoreRange range : List.of(rule.r(), rule.f(), rule.m())) {
        if (range.min() < 1 || range.max() > bins) {
          throw new ConfigException(SEGMENTS + " " + rule.describe() + ": range " + range + " is outside the scores 1-"
              + bins + " (" + RfmConfig.BINS + " = " + bins + ")");
        }
      }
      String earlier = names.putIfAbsent(rule.code(), rule.name());
      if (earlier != null && !earlier.equals(rule.name())) {
        throw new ConfigException(SEGMENTS + " " + rule.describe() + ": segment '" + rule.code() + "' is named '"
            + earlier + "' by an earlier rule and '" + rule.name() + "' here");
      }
    }
    if (names.containsKey(noScores.code()) || fallback.map(f -> f.code().equals(noScores.code())).orElse(false)) {
      throw new ConfigException(SEGMENTS + ".no-scores: code '" + noScores.code() + "' is already a segment of the"
          + " rules or the default; customers without scores need a segment of their own");
    }
    fallback.ifPresent(f -> {
      String named = names.get(f.code());
      if (named != null && !named.equals(f.name())) {
        throw new ConfigException(SEGMENTS + ".default: segment '" + f.code() + "' is named '" + named
            + "' by the rules and '" + f.name() + "' here");
      }
    });
    checkEveryRuleMatchesAndEveryCombinationIsCovered(rules, fallback, bins);
  }

  /** The first rule matching these scores, empty when none does (then the default applies). */
  public Optional<SegmentRule> firstMatch(int r, int f, int m) {
    return rules.stream().filter(rule -> rule.matches(r, f, m)).findFirst();
  }

  private static void checkEveryRuleMatchesAndEveryCombinationIsCovered(List<SegmentRule> rules,
      Optional<TierRule> fallback, int bins) {
    Map<SegmentRule, List<SegmentRule>> takenBy = new LinkedHashMap<>();
    Map<SegmentRule, Integer> wins = new LinkedHashMap<>();
    rules.forEach(rule -> {
      takenBy.put(rule, new ArrayList<>());
      wins.put(rule, 0);
    });
    List<String> gaps = new ArrayList<>();
    int gapCount = 0;
    for (int r = 1; r <= bins; r++) {
      for (int f = 1; f <= bins; f++) {
        for (int m = 1; m <= bins; m++) {
          SegmentRule winner = null;
          for (SegmentRule rule : rules) {
            if (!rule.matches(r, f, m)) {
              continue;
            }
            if (winner == null) {
              winner = rule;
              wins.merge(rule, 1, Integer::sum);
            } else if (!takenBy.get(rule).contains(winner)) {
              takenBy.get(rule).add(winner);
            }
          }
          if (winner == null) {
            gapCount++;
            if (gaps.size() < LISTED_GAPS) {
              gaps.add("(" + r + ", " + f + ", " + m + ")");
            }
          }
        }
      }
    }
    for (SegmentRule rule : rules) {
      if (wins.get(rule) == 0) {
        throw new ConfigException(SEGMENTS + " " + rule.describe() + " can never match: every score combination it"
            + " covers is taken by earlier " + takenBy.get(rule).stream().sorted(
                java.util.Comparator.comparingInt(SegmentRule::number)).map(SegmentRule::describe)
                .collect(Collectors.joining(", ")));
      }
    }
    if (gapCount > 0 && fallback.isEmpty()) {
      throw new ConfigException(SEGMENTS + ": " + gapCount + " score combination(s) (r, f, m) match no rule, e.g. "
          + String.join(", ", gaps) + "; add rules for them or set " + SEGMENTS + ".default");
    }
    if (gapCount == 0 && fallback.isPresent()) {
      throw new ConfigException(SEGMENTS + ".default '" + fallback.get().code() + "' can never be assigned: the rules"
          + " cover every score combination; set " + SEGMENTS + ".default.code = \"\" or narrow the rules");
    }
  }
}
