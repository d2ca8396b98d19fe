package com.custseg.sample;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.sample.SampleDataGenerator.GeneratorSettings;
import com.custseg.sample.SampleDataGenerator.OutputFormat;
import com.custseg.sample.SampleDataGenerator.Province;
import com.custseg.testing.TestSpark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataGeneratorTest {
  private static final SparkSession SPARK = TestSpark.session();
  /** 2,000 lines, 200 customers, default dates. */
  private static final GeneratorSettings TINY = settings("--transactions", "2000");
  /** Large enough for the statistical shape: 20,000 lines, 2,000 customers. */
  private static final GeneratorSettings MEDIUM = settings("--transactions", "20000");

  private static List<Row> tinyCustomers;
  private static List<Row> tinyTransactions;
  private static Dataset<Row> mediumTransactions;

  @BeforeAll
  static void generate() {
    tinyCustomers = SampleDataGenerator.customers(SPARK, TINY).collectAsList();
    tinyTransactions = SampleDataGenerator.transactions(SPARK, TINY).collectAsList();
    mediumTransactions = SampleDataGenerator.transactions(SPARK, MEDIUM).cache();
  }

  @Test
  void sameSettingsGiveSameRowsWhateverThePartitioning() {
    assertThat(sorted(SampleDataGenerator.customers(SPARK, TINY, 3).collectAsList()))
        .isEqualTo(sorted(tinyCustomers));
    assertThat(sorted(SampleDataGenerator.transactions(SPARK, TINY, 1).collectAsList()))
        .isEqualTo(sorted(SampleDataGenerator.transactions(SPARK, TINY, 5).collectAsList()))
        .isEqualTo(sorted(tinyTransactions));
  }

  @Test
  void anotherSeedDrawsOtherCustomersTimesAndAmountsForTheSameLines() {
    List<Row> reseeded = SampleDataGenerator.transactions(SPARK, settings("--transactions", "2000", "--seed", "7"))
        .collectAsList();

    assertThat(reseeded).hasSize(tinyTransactions.size());
    Map<String, Row> before = tinyTransactions.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
    long sameCustomer = 0;
    long sameTime = 0;
    long sameAmount = 0;
    long matched = 0;
    for (Row r : reseeded) {
      Row old = before.get(r.getString(0));
      if (old == null) {
        continue; // a line that is a return under one seed and a purchase under the other
      }
      matched++;
      sameCustomer += r.get(1).equals(old.get(1)) ? 1 : 0;
      sameTime += r.get(2).equals(old.get(2)) ? 1 : 0;
      sameAmount += r.get(3).equals(old.get(3)) ? 1 : 0;
    }
    // Purchase lines keep their id (the line number), so nearly every line is compared with its namesake.
    assertThat(matched).isGreaterThan(reseeded.size() * 9L / 10);
    // Every draw depends on the seed: what two seeds share by chance is a few percent of the lines at most.
    assertThat(sameCustomer).isLessThan(reseeded.size() / 20);
    assertThat(sameTime).isLessThan(reseeded.size() / 20);
    assertThat(sameAmount).isLessThan(reseeded.size() / 20);
  }

  @Test
  void transactionsCountExactlyTheRequestedLinesReturnsIncluded() {
    assertThat(tinyTransactions).hasSize(2000);
    assertThat(tinyCustomers).hasSize(200);
    assertThat(mediumTransactions.count()).isEqualTo(20_000);
    assertThat(tinyTransactions.stream().map(r -> r.getString(0)).distinct()).hasSize(2000);
  }

  @Test
  void tablesHaveTheExportColumnsAndTypes() {
    StructType customers = SampleDataGenerator.customers(SPARK, TINY).schema();
    StructType transactions = SampleDataGenerator.transactions(SPARK, TINY).schema();
    assertThat(customers.fieldNames()).containsExactlyElementsOf(SampleDataGenerator.CUSTOMER_COLUMNS);
    assertThat(transactions.fieldNames()).containsExactlyElementsOf(SampleDataGenerator.TRANSACTION_COLUMNS);
    assertThat(customers.apply("signup_date").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(transactions.apply("order_time").dataType()).isEqualTo(DataTypes.TimestampNTZType);
    assertThat(transactions.apply("amount").dataType()).isEqualTo(SampleDataGenerator.MONEY);
  }

  @Test
  void customerFieldsLookLikeAChineseCompanyExport() {
    for (Row c : tinyCustomers) {
      assertThat(c.getString(0)).matches("C\\d{8}");
      assertThat(c.getString(1)).matches("\\p{IsHan}{2,4}");
      assertThat(c.getString(2)).matches("1[3-9]\\d{9}");
      assertThat(c.getString(4)).isNotBlank();
      assertThat(c.getString(6)).isIn(labels(SampleDataGenerator.INDUSTRIES));
      assertThat(c.getString(7)).isIn(labels(SampleDataGenerator.COMPANY_SIZES));
      assertThat(c.getString(8)).isIn(labels(SampleDataGenerator.CHANNELS));
    }
    assertThat(tinyCustomers.get(0).getString(0)).isEqualTo("C00000001");
  }

  @Test
  void csvTextHasTwoDecimalAmountsAndSecondPrecisionTimes() {
    List<Row> text = SampleDataGenerator.asCsvText(SampleDataGenerator.transactions(SPARK, TINY)).collectAsList();
    for (Row t : text) {
      assertThat(t.getString(0)).matches("R?O\\d{12}");
      assertThat(t.getString(2)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
      assertThat(t.getString(3)).matches("-?\\d+\\.\\d{2}");
      assertThat(t.getString(4)).isIn(labels(SampleDataGenerator.CATEGORIES));
    }
    Row customer = SampleDataGenerator.asCsvText(SampleDataGenerator.customers(SPARK, TINY)).first();
    assertThat(customer.getString(5)).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void returnsAreNegativeAndFollowAnEarlierPurchaseOfTheSameCustomer() {
    Map<String, Row> purchases = tinyTransactions.stream().filter(t -> !isReturn(t))
        .collect(Collectors.toMap(t -> t.getString(0), t -> t));
    List<Row> returns = tinyTransactions.stream().filter(SampleDataGeneratorTest::isReturn).toList();
    assertThat(returns).isNotEmpty();
    for (Row r : returns) {
      Row original = purchases.get(r.getString(0).substring(1));
      assertThat(original).as("purchase refunded by %s", r.getString(0)).isNotNull();
      assertThat(r.getString(1)).isEqualTo(original.getString(1));
      assertThat(r.getString(4)).isEqualTo(original.getString(4));
      assertThat(amount(r)).isNegative();
      assertThat(amount(r).negate()).isLessThanOrEqualTo(amount(original));
      assertThat(time(r)).isAfterOrEqualTo(time(original));
      assertThat(time(r).toLocalDate()).isBeforeOrEqualTo(time(original).toLocalDate().plusDays(30));
    }
    assertThat(purchases.values()).allSatisfy(p -> assertThat(amount(p)).isGreaterThanOrEqualTo(BigDecimal.ONE));
  }

  @Test
  void aboutFourPercentOfPurchasesAreFollowedByAReturn() {
    long returns = mediumTransactions.filter(col("order_id").startsWith("R")).count();
    double perPurchase = returns / (double) (20_000 - returns);
    assertThat(perPurchase).isBetween(0.03, 0.05);
  }

  @Test
  void ordersFallInTheDateRangeAndNotBeforeSignup() {
    GeneratorSettings shortWindow = settings("--transactions", "2000", "--start-date", "2025-03-01",
        "--end-date", "2025-04-15");
    for (GeneratorSettings s : List.of(TINY, shortWindow)) {
      Map<String, LocalDate> signup = SampleDataGenerator.customers(SPARK, s).collectAsList().stream()
          .collect(Collectors.toMap(c -> c.getString(0), c -> c.getDate(5).toLocalDate()));
      for (Row t : SampleDataGenerator.transactions(SPARK, s).collectAsList()) {
        LocalDate day = time(t).toLocalDate();
        assertThat(day).isBetween(s.startDate(), s.endDate());
        assertThat(day).isAfterOrEqualTo(signup.get(t.getString(1)));
      }
    }
  }

  @Test
  void someCustomersOrderSeveralTimesOnOneDay() {
    long repeatedDays = tinyTransactions.stream().filter(t -> !isReturn(t))
        .collect(Collectors.groupingBy(t -> t.getString(1) + "|" + time(t).toLocalDate(), Collectors.counting()))
        .values().stream().filter(n -> n > 1).count();
    assertThat(repeatedDays).isGreaterThan(20);
  }

  @Test
  void aboutFivePercentOfCustomersNeverPurchase() {
    long buyers = mediumTransactions.select(countDistinct(col("customer_id"))).first().getLong(0);
    double neverPurchased = 1 - buyers / (double) MEDIUM.customers();
    assertThat(neverPurchased).isBetween(0.03, 0.09);
  }

  @Test
  void aboutAQuarterOfRegularBuyersStopBuyingLongBeforeTheEndDate() {
    // A buyer with 10+ lines and no churn has orders all over the window, so the last one is within 180 days of the
    // end. 40% of customers churn at a uniform point of the last 80% of their window; for a two-year window about
    // (550/730 - 0.2) / 0.8 = 69% of those stop more than 180 days before the end: 0.4 x 0.69 = 28% of buyers.
    java.time.LocalDate end = MEDIUM.endDate();
    Dataset<Row> regular = mediumTransactions.groupBy("customer_id")
        .agg(org.apache.spark.sql.functions.count(lit(1)).as("lines"),
            org.apache.spark.sql.functions.max(col("order_time")).as("last"))
        .where(col("lines").geq(10));
    long silent = regular.where(col("last").lt(lit(java.time.LocalDateTime.of(end.minusDays(180),
        java.time.LocalTime.MIDNIGHT)))).count();
    assertThat(silent / (double) regular.count()).isBetween(0.15, 0.4);
  }

  @Test
  void aFullPriceLineIsNeverReadAsADiscountAndReturnsRepeatTheirPurchasesUnitsAndBrand() {
    Dataset<Row> purchases = mediumTransactions.where("order_id LIKE 'O%'");
    // At full price the list price is the unit price rounded down to the cent: list x units is below the amount by
    // less than a cent a unit, so list x units - amount, the discount the job derives, is at most 0 (none).
    assertThat(purchases.where("list_price IS NULL OR list_price * quantity <= amount - 0.01 * quantity").count())
        .isZero();
    assertThat(purchases.where("list_price * quantity < amount").count()).isPositive();
    Dataset<Row> returns = mediumTransactions.where("order_id LIKE 'R%'").alias("r")
        .join(purchases.alias("p"), col("r.order_id").equalTo(functionsConcat()));
    assertThat(returns.count()).isPositive();
    assertThat(returns.where("r.list_price IS NOT NULL OR r.quantity <> p.quantity OR r.brand <> p.brand").count())
        .isZero();
  }

  private static org.apache.spark.sql.Column functionsConcat() {
    return org.apache.spark.sql.functions.concat(lit("R"), col("p.order_id"));
  }

  @Test
  void aboutAThirdOfPurchasesAreAtADiscountAndCustomersDifferInHowOften() {
    // 30% price-sensitive customers buy 75% of lines at a discount, 20% quality seekers 5%, 20% brand-loyal 20%,
    // 30% mixed 25%: 0.225 + 0.01 + 0.04 + 0.075 = 35% of the lines (weighted by activity, roughly).
    Dataset<Row> purchases = mediumTransactions.where("order_id LIKE 'O%'")
        .withColumn("discounted", col("list_price").multiply(col("quantity")).minus(col("amount")).gt(0.004));
    double share = purchases.where("discounted").count() / (double) purchases.count();
    assertThat(share).isBetween(0.3, 0.4);
    Dataset<Row> perCustomer = purchases.groupBy("customer_id")
        .agg(org.apache.spark.sql.functions.avg(col("discounted").cast("double")).as("share"),
            count(lit(1)).as("lines"))
        .where("lines >= 8");
    long buyers = perCustomer.count();
    assertThat(perCustomer.where("share >= 0.5").count() / (double) buyers).isBetween(0.2, 0.45);
    assertThat(perCustomer.where("share <= 0.1").count() / (double) buyers).isBetween(0.1, 0.4);
  }

  @Test
  void brandLoyalCustomersBuyNearlyOnlyTheirBrand() {
    // A fifth of customers put 90% of their lines (plus a share of the other 10%) on one brand; the others at most
    // 50% plus a fifth of the rest.
    Dataset<Row> lines = mediumTransactions.where("order_id LIKE 'O%'");
    Dataset<Row> top = lines.groupBy("customer_id", "brand").agg(count(lit(1)).as("n"))
        .groupBy("customer_id").agg(org.apache.spark.sql.functions.max("n").as("top"), sum("n").as("lines"))
        .where("lines >= 10");
    double loyal = top.where("top >= 0.8 * lines").count() / (double) top.count();
    assertThat(loyal).isBetween(0.12, 0.3);
  }

  @Test
  void topFifthOfCustomersBringsMostOfTheNetRevenue() {
    List<Double> revenue = mediumTransactions.groupBy("customer_id").agg(sum("amount").as("net"))
        .collectAsList().stream().map(r -> r.getDecimal(1).doubleValue())
        .sorted(Comparator.reverseOrder()).toList();
    double total = revenue.stream().mapToDouble(Double::doubleValue).sum();
    double top = revenue.subList(0, revenue.size() / 5).stream().mapToDouble(Double::doubleValue).sum();
    assertThat(top / total).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void novemberPeaksAndFebruaryDips() {
    Map<Integer, Long> perMonth = mediumTransactions.groupBy(month(col("order_time")).as("m")).agg(count("*"))
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getInt(0), r -> r.getLong(1)));
    double average = 20_000 / 12.0;
    assertThat(perMonth.get(11)).isGreaterThan((long) (1.4 * average));
    assertThat(perMonth.get(6)).isGreaterThan(perMonth.get(5));
    assertThat(perMonth.get(2)).isLessThan(perMonth.get(1)).isLessThan((long) average);
  }

  @Test
  void weightTableCoversChinas34ProvincialDivisions() {
    assertThat(SampleDataGenerator.PROVINCES).hasSize(34);
    assertThat(SampleDataGenerator.PROVINCES.stream().map(Province::fullName).distinct()).hasSize(34);
    assertThat(SampleDataGenerator.PROVINCES.get(0).fullName()).isEqualTo("广东省");
  }

  @Test
  void everyProvinceAppearsByItsFullNameAndSpellingsAreMixed() {
    GeneratorSettings many = settings("--transactions", "20000", "--customers", "50000");
    Map<String, Long> byProvince = SampleDataGenerator.customers(SPARK, many).groupBy("province").count()
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.isNullAt(0) ? "<null>" : r.getString(0), r -> r.getLong(1)));
    assertThat(byProvince.keySet())
        .containsAll(SampleDataGenerator.PROVINCES.stream().map(Province::fullName).toList())
        .contains("广东", "Guangdong", "Inner Mongolia", "广东省 ", "<null>", "未知", "N/A");
    long fullNames = SampleDataGenerator.PROVINCES.stream().mapToLong(p -> byProvince.getOrDefault(p.fullName(), 0L))
        .sum();
    assertThat(fullNames / 50_000.0).isBetween(0.83, 0.89);
    assertThat(byProvince.keySet()).anyMatch(p -> p.endsWith("\u3000"));
    assertThat(byProvince.get("广东省")).isGreaterThan(byProvince.get("山东省")).isGreaterThan(byProvince.get("西藏自治区"));
  }

  @Test
  void singleFileCsvWritesTheTwoNamedFilesWithHeaders(@TempDir Path dir) throws IOException {
    GeneratorSettings s = settings("--transactions", "2000", "--single-file", "--compress-transactions",
        "--output", dir.toString());
    SampleDataGenerator.Written written = SampleDataGenerator.write(SPARK, s);

    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
          .isEqualTo(Set.of("customers.csv", "transactions.csv.gz", "interactions.csv.gz", "feedback.csv.gz"));
    }
    List<String> customerLines = Files.readAllLines(dir.resolve("customers.csv"), StandardCharsets.UTF_8);
    assertThat(customerLines).hasSize(201);
    assertThat(customerLines.get(0)).isEqualTo("customer_id,name,phone,province,city,signup_date,industry,"
        + "company_size,channel");
    List<String> transactionLines = gunzipLines(dir.resolve("transactions.csv.gz"));
    assertThat(transactionLines).hasSize(2001);
    assertThat(transactionLines.get(0)).isEqualTo("order_id,customer_id,order_time,amount,category,quantity,"
        + "list_price,brand");
    assertThat(transactionLines.get(1))
        .matches("O000000000001,C\\d{8},\\d{4}-\\d{2}-\\d{2} [\\d:]{8},\\d+\\.\\d{2},[^,]+,[1235],\\d+\\.\\d{2},.+");
    // Defaults: transactions / 2 interactions, transactions / 8 ratings.
    List<String> interactionLines = gunzipLines(dir.resolve("interactions.csv.gz"));
    assertThat(interactionLines).hasSize(1001);
    assertThat(interactionLines.get(0)).isEqualTo("customer_id,interaction_time,channel,type,duration");
    List<String> feedbackLines = gunzipLines(dir.resolve("feedback.csv.gz"));
    assertThat(feedbackLines).hasSize(251);
    assertThat(feedbackLines.get(0)).isEqualTo("customer_id,feedback_time,score,complaint,category,comment");
    assertThat(written.interactions()).isEqualTo(1000);
    assertThat(written.feedback()).isEqualTo(250);
    assertThat(written.returnLines())
        .isEqualTo(transactionLines.stream().filter(l -> l.startsWith("R")).count());

    Dataset<Row> readBack = SPARK.read().option("header", "true").csv(dir.resolve("customers.csv").toString());
    assertThat(sorted(readBack.collectAsList()))
        .isEqualTo(sorted(SampleDataGenerator.asCsvText(SampleDataGenerator.customers(SPARK, s)).collectAsList()));
  }

  @Test
  void parquetKeepsDecimalAmountsDatesAndInstantsOfChinaTime(@TempDir Path dir) {
    GeneratorSettings s = settings("--transactions", "2000", "--format", "parquet", "--output", dir.toString());
    SampleDataGenerator.write(SPARK, s);

    Dataset<Row> customers = SPARK.read().parquet(dir.resolve("customers").toString());
    Dataset<Row> transactions = SPARK.read().parquet(dir.resolve("transactions").toString());
    assertThat(customers.schema().apply("signup_date").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(transactions.schema().apply("amount").dataType()).isEqualTo(SampleDataGenerator.MONEY);
    assertThat(transactions.schema().apply("order_time").dataType()).isEqualTo(DataTypes.TimestampType);
    // The test session runs in Asia/Shanghai, so the instants print as the CSV's local times.
    List<Row> asText = transactions.selectExpr("order_id", "date_format(order_time, 'yyyy-MM-dd HH:mm:ss')")
        .collectAsList();
    List<Row> csvText = SampleDataGenerator.asCsvText(SampleDataGenerator.transactions(SPARK, s))
        .select("order_id", "order_time").collectAsList();
    assertThat(sorted(asText)).isEqualTo(sorted(csvText));
  }

  @Test
  void defaultsFollowTheBrief() {
    GeneratorSettings s = settings();
    assertThat(s.transactions()).isEqualTo(80_000);
    assertThat(s.customers()).isEqualTo(8_000);
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.format()).isEqualTo(OutputFormat.CSV);
    assertThat(s.startDate()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(s.endDate()).isEqualTo(LocalDate.of(2025, 12, 31));
    assertThat(s.singleFile()).isFalse();
    assertThat(s.compressTransactions()).isFalse();
    assertThat(s.interactions()).isEqualTo(40_000);
    assertThat(s.feedback()).isEqualTo(10_000);
    assertThat(settings("--interactions", "0", "--feedback", "7").interactions()).isZero();
  }

  @Test
  void invalidFlagsAreRejectedWithTheFlagAndValue() {
    assertRejected("--transactions must be at least 1000, got: 5", "--transactions", "5");
    assertRejected("--customers must be at least 100, got: 7", "--customers", "7");
    assertRejected("--transactions must be a whole number, got: many", "--transactions", "many");
    assertRejected("--format must be csv or parquet, got: json", "--format", "json");
    assertRejected("--start-date must be a date yyyy-MM-dd, got: 2024/01/01", "--start-date", "2024/01/01");
    assertRejected("--end-date must not be before --start-date, got: 2025-01-01 .. 2024-12-31",
        "--start-date", "2025-01-01", "--end-date", "2024-12-31");
    assertRejected("--compress-transactions applies to --format csv only, got: --format parquet",
        "--format", "parquet", "--compress-transactions");
    assertRejected("--seed needs a value", "--seed");
    assertRejected("--interactions and --feedback must not be negative, got: -1, 10000", "--interactions", "-1");
    assertRejected("unknown flag --rows", "--rows", "5");
    assertThatThrownBy(() -> GeneratorSettings.parse("--transactions", "2000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--output is required");
  }

  private static void assertRejected(String message, String... flags) {
    List<String> args = new ArrayList<>(List.of("--output", "unused"));
    args.addAll(List.of(flags));
    assertThatThrownBy(() -> GeneratorSettings.parse(args.toArray(String[]::new)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  private static GeneratorSettings settings(String... flags) {
    List<String> args = new ArrayList<>(List.of("--output", "unused"));
    args.addAll(List.of(flags));
    return GeneratorSettings.parse(args.toArray(String[]::new));
  }

  private static boolean isReturn(Row transaction) {
    return transaction.getString(0).startsWith("R");
  }

  private static BigDecimal amount(Row transaction) {
    return transaction.getDecimal(3);
  }

  private static java.time.LocalDateTime time(Row transaction) {
    return transaction.getAs(2);
  }

  private static List<String> labels(List<SampleDataGenerator.Choice> choices) {
    return choices.stream().map(SampleDataGenerator.Choice::label).toList();
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  private static List<String> gunzipLines(Path file) throws IOException {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    }
  }
}
