package com.custseg.features;

import static com.custseg.testing.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.CustomerColumns;
import com.custseg.testing.Fixtures;
import com.custseg.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Done-when check of the RFM columns: the job's recency, frequency and monetary equal, row for row, the same figures
 * written as plain SQL in a different shape (distinct orders counted from a DISTINCT subquery, spend and last purchase
 * day from their own GROUP BYs, joined back), on the hand fixture plus 1,500 seeded random lines with returns,
 * same-day orders, multi-line orders and zero amounts.
 */
class RfmMatchesIndependentSqlTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");

  private static final String INDEPENDENT_RFM = """
      WITH purchase_orders AS (
        SELECT DISTINCT customer_id, order_id FROM rfm_check_tx WHERE NOT is_return
      ), orders AS (
        SELECT customer_id, count(*) AS frequency FROM purchase_orders GROUP BY customer_id
      ), last_purchase AS (
        SELECT customer_id, max(order_date) AS last_day FROM rfm_check_tx WHERE NOT is_return GROUP BY customer_id
      ), spend AS (
        SELECT customer_id, sum(amount) AS net FROM rfm_check_tx GROUP BY customer_id
      )
      SELECT s.customer_id,
             datediff(DATE'2025-01-01', l.last_day) AS recency_days,
             coalesce(o.frequency, 0) AS frequency,
             CAST(s.net AS DECIMAL(18,2)) AS monetary
      FROM spend s
      LEFT JOIN orders o ON o.customer_id = s.customer_id
      LEFT JOIN last_purchase l ON l.customer_id = s.customer_id
      """;

  private static Dataset<Row> randomTransactions() {
    Random random = new Random(20250101L);
    List<Object[]> lines = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      String customer = "r" + random.nextInt(200);
      // few order ids per customer, so that orders have several lines, sometimes on different days
      String order = customer + "-" + random.nextInt(6);
      LocalDate day = AS_OF.minusDays(1 + random.nextInt(800));
      String time = day + String.format(" %02d:%02d:00", random.nextInt(24), random.nextInt(60));
      boolean isReturn = random.nextInt(8) == 0;
      long cents = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(500_00);
      String amount = (isReturn ? "-" : "") + cents / 100 + "." + String.format("%02d", cents % 100);
      lines.add(line(isReturn ? "R" + order : order, customer, time, amount, isReturn));
    }
    return Fixtures.transactions(lines.toArray(Object[][]::new));
  }

  @Test
  void recencyFrequencyAndMonetaryEqualAnIndependentSqlComputationExactly() {
    Dataset<Row> tx = RfmFeaturesTest.sixCustomerTransactions().unionByName(randomTransactions());
    tx.createOrReplaceTempView("rfm_check_tx");

    Dataset<Row> expected = TestSpark.session().sql(INDEPENDENT_RFM);
    Dataset<Row> actual = RfmFeatures.rfmPerCustomer(tx, AS_OF).select(CustomerColumns.CUSTOMER_ID,
        RfmColumns.RECENCY_DAYS, RfmColumns.FREQUENCY, RfmColumns.MONETARY);

    assertThat(actual.schema().fields()).extracting(f -> f.name() + " " + f.dataType().simpleString())
        .containsExactly("customer_id string", "recency_days int", "frequency bigint", "monetary decimal(18,2)");
    long customers = expected.count();
    assertThat(customers).isGreaterThan(190);
    assertThat(actual.count()).isEqualTo(customers);
    assertThat(actual.exceptAll(expected).count()).isZero();
    assertThat(expected.exceptAll(actual).count()).isZero();
  }
}
