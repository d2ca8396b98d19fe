package com.custseg.segment;

import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.RfmSegmentRules;
import com.custseg.config.ScoreRange;
import com.custseg.config.SegmentRule;
import com.custseg.config.TierRule;
import com.custseg.features.RfmColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RfmSegmentsTest {
  private static final StructType SCORES = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add(RfmColumns.R_SCORE, DataTypes.IntegerType)
      .add(RfmColumns.F_SCORE, DataTypes.IntegerType)
      .add(RfmColumns.M_SCORE, DataTypes.IntegerType);

  private static Dataset<Row> segmented(Dataset<Row> scores, RfmSegmentRules rules) {
    return RfmSegments.withRfmSegment(scores, rules).select("customer_id", SegmentColumns.RFM_SEGMENT,
        SegmentColumns.RFM_SEGMENT_NAME, SegmentColumns.RFM_SEGMENT_RULE);
  }

  @Test
  void thePublishedRulesNameTheSegmentAndTheRuleThatMatched() {
    Dataset<Row> scores = Fixtures.table(SCORES,
        row("a", 5, 5, 5), row("b", 5, 1, 3), row("c", 1, 5, 4), row("d", 2, 5, 5), row("e", 1, 1, 1),
        row("f", null, null, null));

    assertThat(values(segmented(scores, TestConfigs.reference().segments()))).isEqualTo(rows(
        row("a", "champions", "重要价值客户", "1: r=4-5 f=4-5 m=4-5"),
        row("b", "new_customers", "新客户", "3: r=5 f=1 m=1-5"),
        row("c", "cant_lose_them", "重要挽留客户", "5: r=1 f=4-5 m=4-5"),
        row("d", "at_risk", "重要保持客户", "6: r=1-2 f=3-5 m=3-5"),
        row("e", "lost", "流失客户", "11: r=1 f=1-5 m=1-5"),
        row("f", "no_purchase", "未购买客户", "no scores")));
  }

  @Test
  void combinationsNoRuleCoversGetTheDefault() {
    RfmSegmentRules rules = new RfmSegmentRules(
        List.of(new SegmentRule(1, "top", "顶级", new ScoreRange(3, 3), new ScoreRange(1, 3), new ScoreRange(1, 3))),
        Optional.of(new TierRule("other", "其他", "")), new TierRule("none", "无", ""), 3);
    Dataset<Row> scores = Fixtures.table(SCORES, row("a", 3, 1, 1), row("b", 2, 3, 3));

    assertThat(values(segmented(scores, rules))).isEqualTo(rows(
        row("a", "top", "顶级", "1: r=3 f=1-3 m=1-3"), row("b", "other", "其他", "default")));
  }

  /** Property: random score combinations (and missing scores) always get exactly one segment, the first match. */
  @Test
  void randomScoreCombinationsAlwaysGetExactlyTheFirstMatchingSegment() {
    RfmSegmentRules rules = TestConfigs.reference().segments();
    Random random = new Random(42L);
    List<Object[]> data = new ArrayList<>();
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = String.format("c%04d", i);
      if (random.nextInt(20) == 0) {
        data.add(row(id, null, null, null));
        expected.add(List.of(id, "no_purchase", "no scores"));
        continue;
      }
      int r = 1 + random.nextInt(5);
      int f = 1 + random.nextInt(5);
      int m = 1 + random.nextInt(5);
      data.add(row(id, r, f, m));
      SegmentRule first = rules.firstMatch(r, f, m).orElseThrow();
      expected.add(List.of(id, first.code(), first.label()));
    }
    Dataset<Row> scores = Fixtures.table(SCORES, data.toArray(Object[][]::new));

    Dataset<Row> result = RfmSegments.withRfmSegment(scores, rules).select("customer_id",
        SegmentColumns.RFM_SEGMENT, SegmentColumns.RFM_SEGMENT_RULE);

    assertThat(values(result)).isEqualTo(expected);
  }
}
