package com.custseg.worklist;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.money;

import com.custseg.config.PlaybookAction;
import com.custseg.config.WorklistConfig;
import com.custseg.config.WorklistTeam;
import com.custseg.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A tiny customer_segments snapshot (the columns the playbook and the reason read) and a two-team playbook. */
final class WorklistFixtures {
  static final StructType SEGMENTS = new StructType()
      .add("snapshot_date", DataTypes.DateType)
      .add("customer_id", DataTypes.StringType)
      .add("region_code", DataTypes.StringType)
      .add("province_code", DataTypes.StringType)
      .add("province", DataTypes.StringType)
      .add("city", DataTypes.StringType)
      .add("value_tier", DataTypes.StringType)
      .add("value_tier_name", DataTypes.StringType)
      .add("recency_days", DataTypes.IntegerType)
      .add("monetary", DataTypes.createDecimalType(18, 2))
      .add("clv", DataTypes.createDecimalType(18, 2))
      .add("p_alive", DataTypes.DoubleType);

  /**
   * A1 vip clv 8,000 and A6 vip clv 8,000 (a tie: customer id decides), A2 churn_risk clv 1,000 p_alive 0.25 (value
   * at risk 750), A5 vip of an unknown province (clv 100: the default team), all east; A3 churn_risk without value
   * columns (net spend 900) and A4 lost (no action), south.
   */
  static Dataset<Row> segments() {
    return Fixtures.table(SEGMENTS,
        row("A1", "east", "ZJ", "浙江省", "杭州", "vip", "高价值", 3, "5000.00", "8000.00", 0.90),
        row("A2", "east", "SH", "上海市", "上海", "churn_risk", "流失风险", 200, "3000.00", "1000.00", 0.25),
        row("A3", "south", "GD", "广东省", "广州", "churn_risk", "流失风险", 150, "900.00", null, null),
        row("A4", "south", "GX", "广西壮族自治区", "南宁", "lost", "已流失", 400, "50.00", "0.00", 0.01),
        row("A5", "unknown", "unknown", null, null, "vip", "高价值", 10, "100.00", "100.00", 0.80),
        row("A6", "east", "JS", "江苏省", "南京", "vip", "高价值", 5, "4000.00", "8000.00", 0.95));
  }

  /** The previous snapshot: A2 was vip. */
  static Dataset<Row> previous() {
    return Fixtures.table(SEGMENTS,
        row("A1", "east", "ZJ", "浙江省", "杭州", "vip", "高价值", 3, "5000.00", "8000.00", 0.90),
        row("A2", "east", "SH", "上海市", "上海", "vip", "高价值", 20, "3000.00", "4000.00", 0.85));
  }

  static Object[] row(String id, String region, String provinceCode, String province, String city, String tier,
      String tierName, int recency, String monetary, String clv, Double pAlive) {
    return new Object[] {date("2025-01-01"), id, region, provinceCode, province, city, tier, tierName, recency,
        money(monetary), clv == null ? null : money(clv), pAlive};
  }

  static List<PlaybookAction> playbook() {
    return List.of(
        new PlaybookAction("segmentation.playbook.actions[0]", 1, "assign_account_manager", "分配专属客户经理",
            "value_tier = 'vip'", 7, "电话", "{value_tier_name}客户专属服务", "coalesce(clv, monetary, 0)"),
        new PlaybookAction("segmentation.playbook.actions[1]", 2, "win_back_offer", "唤醒优惠",
            "value_tier = 'churn_risk'", 14, "短信", "回归券 {value_tier}",
            "coalesce(clv * (1 - p_alive), monetary, 0)"),
        new PlaybookAction("segmentation.playbook.default", 3, "none", "无需行动", "", 30, "", "", "0"));
  }

  static WorklistConfig config(List<PlaybookAction> actions) {
    return new WorklistConfig(actions, List.of(
        new WorklistTeam("segmentation.teams.list[0]", "east_team", "华东团队", List.of("east"), List.of(), true),
        new WorklistTeam("segmentation.teams.list[1]", "south_agent", "华南代理", List.of("south"), List.of(),
            false)),
        Optional.of("east_team"), new WorklistConfig.Export(List.of(WorklistConfig.Format.CSV,
            WorklistConfig.Format.XLSX), StandardCharsets.UTF_8, "", Map.of()));
  }

  private WorklistFixtures() {}
}
