package com.custseg.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.JobConfig;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional fields behind the buying motives: quantity, a discount given as money or derived from a unit list
 * price, converted into the base currency like the amount, and the brand; values that are not numbers are
 * quarantined with their own reasons.
 */
class BuyingMotiveFieldsTest {
  private static final String USD = "  currency { base = \"CNY\", rates { USD = 7.10 } }\n";

  @TempDir
  Path dir;

  private Dataset<Row> checked(String csv, String columns) throws IOException {
    Path file = Files.writeString(dir.resolve("orders.csv"), csv);
    JobConfig config = TestConfigs.loadFile(dir.resolve("orders.conf"),
        "segmentation.input.transactions {\n  path = \"" + file + "\"\n  columns { order_id = \"o\", customer_id = \"c\","
            + " order_time = \"t\", amount = \"paid\", category = \"\", " + columns + " }\n"
            + "  return-when = \"\"\n" + (columns.contains("currency") ? USD : "") + "}\n");
    return InputCleaning.transactions(SourceReader.read(TestSpark.session(), config.transactions()),
        config.transactions());
  }

  private static Map<String, List<Object>> kept(Dataset<Row> checked) {
    Map<String, List<Object>> kept = new TreeMap<>();
    for (Row r : Quarantine.kept(checked).select(TransactionColumns.ORDER_ID, TransactionColumns.AMOUNT,
        TransactionColumns.QUANTITY, TransactionColumns.DISCOUNT, TransactionColumns.BRAND).collectAsList()) {
      kept.put(r.getString(0), Arrays.asList(r.get(1), r.get(2), r.get(3), r.get(4)));
    }
    return kept;
  }

  @Test
  void aMappedDiscountIsMoneyOffTheLineInTheBaseCurrencyAndBlankMeansNone() throws IOException {
    Dataset<Row> checked = checked("""
        o,c,t,paid,qty,off,brand,cur
        O1,C1,2024-05-01 10:00:00,90.00,2,10.00, Acme ,
        O2,C1,2024-05-02 10:00:00,50.00,,,,
        O3,C1,2024-05-03 10:00:00,20.00,1,5.00,Acme,USD
        O4,C2,2024-05-04 10:00:00,30.00,0,,B,
        O5,C2,2024-05-04 11:00:00,30.00,x,,B,
        O6,C2,2024-05-04 12:00:00,30.00,1,-1,B,
        O7,C2,2024-05-04 13:00:00,30.00,1,abc,B,
        R1,C2,2024-05-05 10:00:00,-30.00,-1,,B,
        """, "currency = \"cur\", quantity = \"qty\", discount = \"off\", brand = \"brand\"");

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(8, 4, 0,
        Map.of("BAD_QUANTITY", 2L, "BAD_DISCOUNT", 2L)));
    assertThat(kept(checked)).isEqualTo(Map.of(
        "O1", List.of(money("90.00"), units("2.000"), money("10.00"), "Acme"),
        "O2", Arrays.asList(money("50.00"), null, money("0.00"), null),
        // 20.00 USD and 5.00 USD off at 7.10.
        "O3", List.of(money("142.00"), units("1.000"), money("35.50"), "Acme"),
        // A return's units count as positive.
        "R1", List.of(money("-30.00"), units("1.000"), money("0.00"), "B")));
  }

  @Test
  void aUnitListPriceGivesTheDiscountOfTheLineAndNeverANegativeOne() throws IOException {
    Dataset<Row> checked = checked("""
        o,c,t,paid,qty,list
        L1,C1,2024-05-01 10:00:00,90.00,2,50.00
        L2,C1,2024-05-02 10:00:00,50.00,,50.00
        L3,C1,2024-05-03 10:00:00,60.00,1,50.00
        L4,C1,2024-05-04 10:00:00,10.00,1,
        L5,C2,2024-05-05 10:00:00,10.00,1,0
        L6,C2,2024-05-06 10:00:00,10.00,1,n/a
        """, "quantity = \"qty\", list_price = \"list\"");

    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(6, 4, 0, Map.of("BAD_DISCOUNT", 2L)));
    // 2 x 50.00 − 90.00; 1 x 50.00 − 50.00 (no quantity is one unit); paid above the list price: 0; no list price.
    assertThat(kept(checked)).isEqualTo(Map.of(
        "L1", Arrays.asList(money("90.00"), units("2.000"), money("10.00"), null),
        "L2", Arrays.asList(money("50.00"), null, money("0.00"), null),
        "L3", Arrays.asList(money("60.00"), units("1.000"), money("0.00"), null),
        "L4", Arrays.asList(money("10.00"), units("1.000"), money("0.00"), null)));
  }

  @Test
  void withoutTheFieldsMappedTheColumnsAreNull() throws IOException {
    Dataset<Row> checked = checked("""
        o,c,t,paid
        O1,C1,2024-05-01 10:00:00,90.00
        """, "");

    assertThat(kept(checked)).isEqualTo(Map.of("O1", Arrays.asList(money("90.00"), null, null, null)));
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  private static BigDecimal units(String quantity) {
    return new BigDecimal(quantity);
  }
}
