package com.custseg.features;

import static com.custseg.testing.Fixtures.date;
import static com.custseg.testing.Fixtures.line;
import static com.custseg.testing.Fixtures.money;
import static com.custseg.testing.Fixtures.row;
import static com.custseg.testing.Fixtures.rows;
import static com.custseg.testing.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.CustomerColumns;
import com.custseg.testing.Fixtures;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RfmFeaturesTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-01-01");

  /**
   * c1: three orders, two of them on the same day, and a partial refund line inside one of them.
   * c2: one order and a later return. c3: one order of zero value. c4: two orders long ago. c5: never bought.
   */
  private static Dataset<Row> fiveCustomerTransactions() {
    return Fixtures.transactions(
        line("O1", "c1", "2024-12-30 10:00:00", "100.00", false),
        line("O2", "c1", "2024-12-30 18:30:00", "50.50", false),
        line("O2", "c1", "2024-12-30 18:31:00", "-10.00", true),
        line("O3", "c1", "2024-11-01 09:00:00", "20.00", false),
        line("O4", "c2", "2024-06-01 12:00:00", "300.00", false),
        line("R4", "c2", "2024-06-10 12:00:00", "-120.00", true),
        line("O5", "c3", "2024-12-31 23:59:59", "0.00", false),
        line("O6", "c4", "2023-01-15 08:00:00", "999.99", false),
        line("O7", "c4", "2023-01-15 08:05:00", "0.01", false));
  }

  @Test
  void rfmCountsDistinctOrdersNetsReturnsAndMeasuresDaysToTheSnapshot() {
    Dataset<Row> rfm = RfmFeatures.rfmPerCustomer(fiveCustomerTransactions(), AS_OF)
        .select(CustomerColumns.CUSTOMER_ID, RfmColumns.RECENCY_DAYS, RfmColumns.FREQUENCY, RfmColumns.MONETARY,
            RfmColumns.FIRST_PURCHASE_DATE, RfmColumns.LAST_PURCHASE_DATE);

    assertThat(values(rfm)).isEqualTo(rows(
        row("c1", 2, 3L, money("160.50"), date("2024-11-01"), date("2024-12-30")),
        row("c2", 214, 1L, money("180.00"), date("2024-06-01"), date("2024-06-01")),
        row("c3", 1, 1L, money("0.00"), date("2024-12-31"), date("2024-12-31")),
        row("c4", 717, 2L, money("1000.00"), date("2023-01-15"), date("2023-01-15"))));
  }

  @Test
  void everyCustomerGetsOneRowAndNonBuyersHaveZeroFrequencyAndSpend() {
    StructType schema = new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType);
    Dataset<Row> customers = Fixtures.table(schema,
        new Object[] {"c1"}, new Object[] {"c2"}, new Object[] {"c3"}, new Object[] {"c4"}, new Object[] {"c5"});

    Dataset<Row> features = RfmFeatures.withRfm(customers, RfmFeatures.rfmPerCustomer(fiveCustomerTransactions(),
        AS_OF));

    assertThat(features.count()).isEqualTo(5);
    Row c5 = features.filter("customer_id = 'c5'").first();
    assertThat(c5.<Long>getAs(RfmColumns.FREQUENCY)).isZero();
    assertThat(c5.<java.math.BigDecimal>getAs(RfmColumns.MONETARY)).isEqualByComparingTo("0.00");
    assertThat(c5.<Object>getAs(RfmColumns.RECENCY_DAYS)).isNull();
    assertThat(c5.<Boolean>getAs(RfmColumns.IS_BUYER)).isFalse();
    assertThat(features.filter(RfmColumns.IS_BUYER).count()).isEqualTo(4);
  }
}
