package com.custseg.worklist;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.PlaybookAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The playbook's rules are checked against customer_segments' columns without a job; errors name the rule's key. */
class PlaybookCheckTest {
  private static final Dataset<Row> SHAPE = WorklistFixtures.segments().limit(0);

  /** The fixture playbook with rule {@code index} replaced. */
  private static List<PlaybookAction> with(int index, String when, String offer, String priority) {
    List<PlaybookAction> actions = new ArrayList<>(WorklistFixtures.playbook());
    PlaybookAction a = actions.get(index);
    actions.set(index, new PlaybookAction(a.key(), a.number(), a.code(), a.name(), when, a.cadenceDays(),
        a.channel(), offer, priority));
    return actions;
  }

  private static List<PlaybookAction> withCondition(int index, String when) {
    PlaybookAction a = WorklistFixtures.playbook().get(index);
    return with(index, when, a.offer(), a.priority());
  }

  @Test
  void theFixturePlaybookPasses() {
    assertThatCode(() -> Playbook.check(SHAPE, WorklistFixtures.playbook())).doesNotThrowAnyException();
  }

  @Test
  void anUnknownColumnIsRejectedNamingTheRuleKey() {
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(1, "churn_band = 'high'")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.playbook.actions[1]: action 'win_back_offer': condition "
            + "\"churn_band = 'high'\" does not resolve against the customer columns snapshot_date, customer_id");
  }

  @Test
  void aNonBooleanConditionIsRejected() {
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(0, "clv * 2")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.playbook.actions[0]: action 'assign_account_manager': condition \"clv * 2\" must be"
            + " a boolean expression, but it is decimal(20,2)");
  }

  @Test
  void aRuleWithTheSameConditionAsAnEarlierOneIsUnreachable() {
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(1, "'vip' = value_tier")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.playbook.actions[1]: action 'win_back_offer': condition \"'vip' = value_tier\" is"
            + " unreachable: the earlier rule segmentation.playbook.actions[0] ('assign_account_manager') has the same"
            + " condition");
  }

  @Test
  void aRuleAfterAnAlwaysTrueRuleIsUnreachable() {
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(0, "1 = 1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.playbook.actions[1]: action 'win_back_offer': condition \"value_tier = "
            + "'churn_risk'\" is unreachable: the earlier rule segmentation.playbook.actions[0] "
            + "('assign_account_manager', \"1 = 1\") matches every customer");
  }

  @Test
  void anAlwaysFalseConditionIsUnreachable() {
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(1, "1 > 2")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.playbook.actions[1]: action 'win_back_offer': condition \"1 > 2\" is unreachable:"
            + " it is always false");
  }

  @Test
  void unsafeSqlIsRejected() {
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(0,
        "reflect('java.lang.Integer', 'toString', 5) = '5'")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.playbook.actions[0]: action 'assign_account_manager': condition")
        .hasMessageEndingWith("calls a Java method (reflect / java_method), which rules may not do");
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(0, "current_date() > DATE'2025-01-01'")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("depends on the day the job runs (current_date)");
    assertThatThrownBy(() -> Playbook.check(SHAPE, withCondition(0, "rand() < 0.5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("is not deterministic; a rerun would assign different actions");
  }

  @Test
  void aPriorityMustBeNumericAndAnOfferMayOnlyNameColumns() {
    PlaybookAction a = WorklistFixtures.playbook().get(1);
    assertThatThrownBy(() -> Playbook.check(SHAPE, with(1, a.when(), a.offer(), "value_tier")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.playbook.actions[1]: action 'win_back_offer': priority \"value_tier\" must be"
            + " numeric, but it is string");
    assertThatThrownBy(() -> Playbook.check(SHAPE, with(1, a.when(), "满减 {top_category}", a.priority())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.playbook.actions[1]: action 'win_back_offer': offer \"满减"
            + " {top_category}\" names {top_category}, which is not a column of customer_segments: snapshot_date,");
  }
}
