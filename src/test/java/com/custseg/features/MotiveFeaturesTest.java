package com.custseg.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.io.CustomerColumns;
import com.custseg.testing.Fixtures;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The buying-motive features of each customer, against values worked out by hand. */
class MotiveFeaturesTest {

  private static Object[] line(String customer, String amount, String category, String quantity, String discount,
      String brand) {
    BigDecimal paid = new BigDecimal(amount);
    return new Object[] {"O-" + customer + "-" + amount, customer, Timestamp.valueOf("2024-05-01 10:00:00"),
        Date.valueOf("2024-05-01"), paid, category, paid.signum() < 0,
        quantity == null ? null : new BigDecimal(quantity), discount == null ? null : new BigDecimal(discount), brand};
  }

  /**
   * tea: A pays 100.00 for 3 units (33.33 each), B 20.00 for one, C 50.00 for one, so B, A, C rank 0.1667, 0.5,
   * 0.8333; cup: A and C both pay 40.00 a unit, a tie at 0.5. A's return is left out.
   */
  private static Dataset<Row> lines() {
    return Fixtures.transactions(
        line("A", "30.00", "tea", "1", "5.00", "X"),
        line("A", "70.00", "tea", "2", "0.00", "X"),
        line("A", "40.00", "cup", null, "10.00", "X"),
        line("A", "-30.00", "tea", "1", "0.00", "X"),
        line("B", "20.00", "tea", null, null, "Y"),
        line("C", "50.00", "tea", "1", "0.00", "X"),
        line("C", "40.00", "cup", "1", "0.00", "X"),
        line("D", "-10.00", "tea", null, null, null),
        line("E", "15.00", null, null, "0.00", null));
  }

  @Test
  void discountSharePriceLevelAndConcentrationsFollowTheDefinitions() {
    List<List<Object>> features = Fixtures.values(MotiveFeatures.perCustomer(lines()));

    assertThat(features).containsExactly(
        // A: 70.00 of 140.00 at a discount; tea 0.5 and cup 0.5; categories 100 and 40: (100² + 40²) / 140²
        // = 0.5918; one brand.
        Arrays.asList("A", 0.5, 0.5, 1.0, 0.5918),
        // B: no line's discount is known; alone in tea below A and C: (0 + 0.5) / 3.
        Arrays.asList("B", null, 0.1667, 1.0, 1.0),
        // C: no discount; (50 x 0.8333 + 40 x 0.5) / 90 = 0.6852; (50² + 40²) / 90² = 0.5062.
        Arrays.asList("C", 0.0, 0.6852, 1.0, 0.5062),
        // D has only a return; E a purchase without category or brand.
        Arrays.asList("E", 0.0, null, null, null));
  }

  @Test
  void everyCustomerGetsTheColumnsNullWithoutPurchasesOrWithoutTheFields() {
    Dataset<Row> customers = Fixtures.table(new StructType().add(CustomerColumns.CUSTOMER_ID, DataTypes.StringType),
        Fixtures.row("B"), Fixtures.row("F"));

    Dataset<Row> with = MotiveFeatures.withMotiveFeatures(customers, Optional.of(MotiveFeatures.perCustomer(lines())));
    Dataset<Row> without = MotiveFeatures.withMotiveFeatures(customers, Optional.empty());

    assertThat(with.columns()).containsExactly(CustomerColumns.CUSTOMER_ID, MotiveColumns.DISCOUNT_SHARE,
        MotiveColumns.PRICE_LEVEL, MotiveColumns.BRAND_CONCENTRATION, MotiveColumns.CATEGORY_CONCENTRATION);
    assertThat(Fixtures.values(with)).containsExactly(Arrays.asList("B", null, 0.1667, 1.0, 1.0),
        Arrays.asList("F", null, null, null, null));
    assertThat(without.columns()).isEqualTo(with.columns());
    assertThat(Fixtures.values(without)).containsExactly(Arrays.asList("B", null, null, null, null),
        Arrays.asList("F", null, null, null, null));
  }
}
