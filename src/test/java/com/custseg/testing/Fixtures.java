package com.custseg.testing;

import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Tiny inline tables with explicit schemas, and helpers to read small results back in a stable order. */
public final class Fixtures {

  public static Dataset<Row> table(StructType schema, Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
    return TestSpark.session().createDataFrame(list, schema);
  }

  /** One transaction line; the order date is the local date of the timestamp. */
  public static Object[] line(String orderId, String customerId, String timestamp, String amount, boolean isReturn) {
    Timestamp ts = Timestamp.valueOf(timestamp);
    return new Object[] {orderId, customerId, ts, Date.valueOf(timestamp.substring(0, 10)), new BigDecimal(amount),
        null, isReturn};
  }

  /** Cleaned transaction lines; a line without the optional fields (quantity, discount, brand) has them null. */
  public static Dataset<Row> transactions(Object[]... lines) {
    int width = TransactionColumns.SCHEMA.fields().length;
    return table(TransactionColumns.SCHEMA, Arrays.stream(lines).map(l -> Arrays.copyOf(l, width))
        .toArray(Object[][]::new));
  }

  public static Date date(String isoDate) {
    return Date.valueOf(isoDate);
  }

  public static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  /** Collects a small result sorted by its first column (tests only). */
  public static List<Row> sortedRows(Dataset<Row> result) {
    return result.collectAsList().stream()
        .sorted(Comparator.comparing(r -> String.valueOf(r.get(0))))
        .toList();
  }

  /** A small result as lists of values, sorted by the first column: compare with {@link #rows}. */
  public static List<List<Object>> values(Dataset<Row> result) {
    return sortedRows(result).stream()
        .map(r -> java.util.stream.IntStream.range(0, r.size()).mapToObj(r::get).toList())
        .toList();
  }

  /** Expected rows for {@link #values}. */
  public static List<List<Object>> rows(Object[]... rows) {
    return Arrays.stream(rows).map(Arrays::asList).toList();
  }

  public static Object[] row(Object... values) {
    return values;
  }

  private Fixtures() {}
}
