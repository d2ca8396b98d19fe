package com.custseg.worklist;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.testing.Fixtures;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ActionListTest {

  @Test
  void firstMatchingRuleGivesTheActionDueDateOfferAndPriorityRankedWithinEachTeam() {
    Dataset<Row> list = ActionList.table(WorklistFixtures.segments(), Optional.empty(),
        WorklistFixtures.config(WorklistFixtures.playbook()));

    assertThat(list.columns()).containsExactlyElementsOf(ActionList.COLUMNS).doesNotContain("name", "phone", "email");
    assertThat(Fixtures.values(list.select("customer_id", "team", "priority_rank", "action", "priority", "due_date",
        "offer", "contact_channel")))
        .isEqualTo(rows(
            row("A1", "east_team", 1, "assign_account_manager", money("8000.00"), date("2025-01-08"),
                "高价值客户专属服务", "电话"),
            row("A2", "east_team", 3, "win_back_offer", money("750.00"), date("2025-01-15"), "回归券 churn_risk",
                "短信"),
            // no clv: the priority falls back to the net spend
            row("A3", "south_agent", 1, "win_back_offer", money("900.00"), date("2025-01-15"), "回归券 churn_risk",
                "短信"),
            // region unknown: the default team
            row("A5", "east_team", 4, "assign_account_manager", money("100.00"), date("2025-01-08"),
                "高价值客户专属服务", "电话"),
            // the same priority as A1: ranked after it by customer id
            row("A6", "east_team", 2, "assign_account_manager", money("8000.00"), date("2025-01-08"),
                "高价值客户专属服务", "电话")));
  }

  @Test
  void reasonNamesTheRuleTheTierMoveSinceThePreviousSnapshotAndTheKeyFigures() {
    Dataset<Row> list = ActionList.table(WorklistFixtures.segments(), Optional.of(WorklistFixtures.previous()),
        WorklistFixtures.config(WorklistFixtures.playbook()));

    assertThat(Fixtures.values(list.where("customer_id IN ('A1', 'A2', 'A3')").select("customer_id",
        "previous_value_tier", "action_reason")))
        .isEqualTo(rows(
            row("A1", "vip", "rule 1 assign_account_manager: value_tier = 'vip'; value tier vip; clv 8,000.00;"
                + " p_alive 0.90; last purchase 3 days ago; net spend 5,000.00"),
            row("A2", "vip", "rule 2 win_back_offer: value_tier = 'churn_risk'; value tier vip → churn_risk;"
                + " clv 1,000.00; p_alive 0.25; last purchase 200 days ago; net spend 3,000.00"),
            row("A3", null, "rule 2 win_back_offer: value_tier = 'churn_risk'; value tier churn_risk;"
                + " last purchase 150 days ago; net spend 900.00")));
  }
}
