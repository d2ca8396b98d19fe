package com.custseg.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.custseg.config.ConfigLoader;
import com.custseg.config.JobArgs;
import com.custseg.config.JobConfig;
import com.custseg.config.RecommendConfig;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import com.custseg.job.SparkSessions;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.Quarantine;
import com.custseg.recommend.AlsRecommender;
import com.custseg.recommend.HoldoutMetrics;
import com.custseg.recommend.Popularity;
import com.custseg.recommend.Purchases;
import com.custseg.recommend.RecommendColumns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommendation bench (issue #20), in a fresh JVM: MLlib ALS at the default settings of
 * {@code conf/application.conf} on {@code --customers} customers x {@code --categories} categories of synthetic
 * purchases, timed (fit, and top-N for every customer), then ALS against global popularity on a holdout of the same
 * purchases and, with {@code --data}, on the generated bench input's transactions (calibration end 180 days before the
 * snapshot), the way the job's {@code --calibration-end} measures it.
 *
 * <p>The synthetic customers have real tastes: each belongs to one of {@code categories / 20} groups of 20
 * categories and buys 3 to 10 categories, 70% from the group and the rest from a skewed overall mix (category i is
 * about as popular as 1 / i^(2/3)); the last two categories a customer bought are the holdout.
 *
 * <pre>
 * AlsBench --customers N --categories M --results FILE [--data DIR] [--fit-only true]
 * </pre>
 */
public final class AlsBench {
  private static final Logger LOG = LoggerFactory.getLogger(AlsBench.class);
  static final int GROUP_SIZE = 20;
  static final double IN_GROUP = 0.7;
  static final int HELD_OUT = 2;
  static final int HOLDOUT_DAYS = 180;

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.put(args[i], args[i + 1]);
    }
    long customers = Long.parseLong(flags.getOrDefault("--customers", "1000000"));
    int categories = Integer.parseInt(flags.getOrDefault("--categories", "1000"));
    Path results = Path.of(flags.getOrDefault("--results", "target/bench/als.tsv"));
    // With --data, the job's arguments for that input (Benchmark.sources): its transactions are read and cleaned the
    // way the job does it.
    JobConfig config = ConfigLoader.load(JobArgs.parse(flags.containsKey("--data")
        ? Benchmark.sources(Path.of(flags.get("--data")), "target/bench/als-unused", false).toArray(String[]::new)
        : new String[] {"--config", "conf/application.conf", "--master", "local[*]"}));
    RecommendConfig rec = config.recommendations();
    SparkSession spark = SparkSessions.builder("custseg-als-bench", config.master()).getOrCreate();
    try {
      Dataset<Row> items = syntheticItems(spark, customers, categories)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> all = ratings(items);
      long ratings = all.count();

      long start = System.nanoTime();
      AlsRecommender.Fitted fitted = AlsRecommender.fit(spark, all, rec);
      double fitSeconds = (System.nanoTime() - start) / 1e9;
      LOG.info("ALS fit on {} ratings: {} s", ratings, fitSeconds);
      if (flags.getOrDefault("--fit-only", "false").equals("true")) {
        System.out.printf(Locale.ROOT, "bench als %,d customers x %,d categories (%,d ratings): fit %.1f s%n",
            customers, categories, ratings, fitSeconds);
        return;
      }
      start = System.nanoTime();
      AlsRecommender.recommend(fitted, fitted.users(), all, rec.topN()).write().format("noop").mode("overwrite")
          .save();
      double topNSeconds = (System.nanoTime() - start) / 1e9;
      LOG.info("top-{} for every customer: {} s", rec.topN(), topNSeconds);

      Dataset<Row> before = ratings(items.where(col("j").lt(col("m").minus(HELD_OUT))));
      Dataset<Row> truth = items.where(col("j").geq(col("m").minus(HELD_OUT)))
          .select(RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY).distinct()
          .join(before, new String[] {RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY}, "left_anti");
      Holdout synthetic = holdout(spark, before, truth, rec);
      LOG.info("holdout on the synthetic purchases: {}", synthetic);
      items.unpersist();

      Holdout generated = flags.containsKey("--data")
          ? generatedHoldout(spark, config) : null;

      String line = String.format(Locale.ROOT, "%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%s%s\n", customers, categories,
          ratings, fitted.itemsKept(), rec.rank(), fitSeconds, topNSeconds, synthetic.tsv(),
          generated == null ? "\t\t\t" : "\t" + generated.tsv());
      if (!Files.exists(results)) {
        Files.writeString(results, "customers\tcategories\tratings\titems_kept\trank\tfit_s\ttop_n_s"
            + "\tholdout_customers\tals_map\tpopularity_map\tbench_data_holdout_customers\tbench_data_als_map"
            + "\tbench_data_popularity_map\n", StandardCharsets.UTF_8);
      }
      Files.writeString(results, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      System.out.printf(Locale.ROOT, "bench als %,d customers x %,d categories (%,d ratings, rank %d, %d "
              + "iterations): fit %.1f s, top-%d for every customer %.1f s%n", customers, categories, ratings,
          rec.rank(), rec.maxIter(), fitSeconds, rec.topN(), topNSeconds);
      System.out.printf(Locale.ROOT, "bench als holdout (synthetic, last %d categories of each customer): %s%n",
          HELD_OUT, synthetic);
      if (generated != null) {
        System.out.printf(Locale.ROOT, "bench als holdout (bench data, first bought in the last %d days): %s%n",
            HOLDOUT_DAYS, generated);
      }
    } finally {
      spark.stop();
    }
  }

  /** MAP@n of ALS and of global popularity over the same customers. */
  record Holdout(long customers, double alsMap, double popularityMap) {
    String tsv() {
      return String.format(Locale.ROOT, "%d\t%.4f\t%.4f", customers, alsMap, popularityMap);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d customers, MAP@5 ALS %.4f, global popularity %.4f (%s)", customers,
          alsMap, popularityMap, alsMap > popularityMap ? "ALS better" : "ALS NOT better");
    }
  }

  /**
   * One row per customer x bought category: customer_id, category, j (the order of the customer's categories), m
   * (how many), purchase_days (1 to 4) and spend.
   */
  static Dataset<Row> syntheticItems(SparkSession spark, long customers, int categories) {
    int groups = Math.max(1, categories / GROUP_SIZE);
    Column id = col("id");
    Column group = pmod(xxhash64(id, lit(1)), lit(groups));
    Column j = col("j");
    Column inGroup = group.multiply(GROUP_SIZE).plus(pmod(xxhash64(id, j, lit(4)), lit(GROUP_SIZE)));
    // u^3 of a uniform u: category i is chosen with density about proportional to 1 / i^(2/3).
    Column popular = pow(uniform(xxhash64(id, j, lit(5))), 3).multiply(categories).cast(DataTypes.IntegerType);
    Column category = when(uniform(xxhash64(id, j, lit(3))).lt(IN_GROUP), inGroup).otherwise(popular);
    Dataset<Row> lines = spark.range(customers)
        .withColumn("m", pmod(xxhash64(id, lit(2)), lit(8)).plus(3).cast(DataTypes.IntegerType))
        .withColumn("j", explode(sequence(lit(0), col("m").minus(1))))
        .withColumn("c", category)
        .withColumn(RecommendColumns.DAYS, pmod(xxhash64(id, j, lit(6)), lit(4)).plus(1))
        .select(format_string("C%08d", id).as(RecommendColumns.CUSTOMER_ID),
            format_string("cat%04d", col("c")).as(RecommendColumns.CATEGORY), j, col("m"),
            col(RecommendColumns.DAYS));
    // A category drawn twice by one customer is one purchase of it, at its first draw.
    return lines.groupBy(RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY)
        .agg(min("j").as("j"), max("m").as("m"), sum(RecommendColumns.DAYS).as(RecommendColumns.DAYS));
  }

  /** The rows of {@link Purchases#between} from synthetic items: purchase days, spend (100 a day). */
  static Dataset<Row> ratings(Dataset<Row> items) {
    return items.select(col(RecommendColumns.CUSTOMER_ID), col(RecommendColumns.CATEGORY),
        col(RecommendColumns.DAYS), col(RecommendColumns.DAYS).multiply(100).cast(DataTypes.createDecimalType(18, 2))
            .as(RecommendColumns.SPEND));
  }

  /** ALS and global popularity fitted on {@code before}, scored on {@code truth} (customer_id, category). */
  static Holdout holdout(SparkSession spark, Dataset<Row> before, Dataset<Row> truth, RecommendConfig rec) {
    Dataset<Row> calibration = before.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> held = truth.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> evaluated = held.select(RecommendColumns.CUSTOMER_ID).distinct();
    int n = rec.topN();
    AlsRecommender.Fitted fitted = AlsRecommender.fit(spark, calibration, rec);
    Row als = mean(HoldoutMetrics.perCustomer(AlsRecommender.recommend(fitted, evaluated, calibration, n), held, n));
    Row popular = mean(HoldoutMetrics.perCustomer(Popularity.global(calibration, evaluated, calibration, n), held,
        n));
    calibration.unpersist();
    held.unpersist();
    return new Holdout(als.getLong(0), als.getDouble(1), popular.getDouble(1));
  }

  private static Row mean(Dataset<Row> perCustomer) {
    return perCustomer.agg(org.apache.spark.sql.functions.count(lit(1)), avg(HoldoutMetrics.AP)).first();
  }

  /**
   * The holdout on a generated bench input: its transactions as the job keeps them (typed, checked, duplicates
   * removed), the snapshot the day after the latest, the calibration end {@link #HOLDOUT_DAYS} before it.
   */
  static Holdout generatedHoldout(SparkSession spark, JobConfig config) {
    RecommendConfig rec = config.recommendations();
    Dataset<Row> lines = Quarantine.kept(InputCleaning.transactions(SourceReader.read(spark, config.transactions()),
        config.transactions(), config.timeZone())).persist(StorageLevel.MEMORY_AND_DISK());
    LocalDate asOf = lines.agg(max(TransactionColumns.ORDER_DATE)).first().getDate(0).toLocalDate().plusDays(1);
    LocalDate end = asOf.minusDays(HOLDOUT_DAYS);
    Dataset<Row> before = Purchases.between(lines, end.minusDays(rec.lookbackDays()), end);
    Holdout result = holdout(spark, before, Purchases.firstBoughtAfter(lines, before, end, asOf), rec);
    lines.unpersist();
    return result;
  }

  private static Column uniform(Column hash) {
    return pmod(hash, lit(1_000_000)).cast(DataTypes.DoubleType).divide(1_000_000.0);
  }

  private AlsBench() {}
}
