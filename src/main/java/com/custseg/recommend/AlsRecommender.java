package com.custseg.recommend;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.RecommendConfig;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * MLlib ALS with implicit feedback on customer x category strength (distinct purchase days, or net spend). Customers
 * and categories get dense int ids in the order of their ids (a sort and {@code zipWithIndex}, on the executors),
 * and the ratings are laid out the same way every time, so with the fixed seed the same input gives the same model.
 */
public final class AlsRecommender {
  private static final String USER = "user";
  private static final String ITEM = "item";
  private static final String RATING = "rating";
  private static final String RATINGS = "ratings";

  /** A fitted model with the id indexes it was fitted with. */
  public record Fitted(ALSModel model, Dataset<Row> users, Dataset<Row> items, long itemsKept, long itemsDropped) {}

  public static Fitted fit(SparkSession spark, Dataset<Row> purchases, RecommendConfig config) {
    Dataset<Row> itemCustomers = purchases.groupBy(RecommendColumns.CATEGORY).agg(count(lit(1)).as("n"));
    Dataset<Row> keptItems = itemCustomers.where(col("n").geq(config.minItemCustomers()))
        .select(RecommendColumns.CATEGORY);
    Dataset<Row> items = index(spark, keptItems, RecommendColumns.CATEGORY, ITEM).persist();
    long kept = items.count();
    long dropped = itemCustomers.count() - kept;
    String strength = config.strength() == RecommendConfig.Strength.DAYS ? RecommendColumns.DAYS
        : RecommendColumns.SPEND;
    // One row per customer with a kept item, holding the customer's positive ratings in item order, indexed in
    // customer id order: the user ids and the ratings come from one shuffle of the purchases and one sort of the
    // customers, not a distinct, a join back and a repartition of every rating.
    Column rating = col(strength).cast(DataTypes.FloatType);
    Dataset<Row> perCustomer = purchases.join(items, RecommendColumns.CATEGORY)
        .groupBy(RecommendColumns.CUSTOMER_ID)
        .agg(array_sort(collect_list(when(rating.gt(0), struct(col(ITEM), rating.as(RATING))))).as(RATINGS));
    Dataset<Row> indexed = index(spark, perCustomer, RecommendColumns.CUSTOMER_ID, USER, RATINGS)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> users = indexed.select(RecommendColumns.CUSTOMER_ID, USER).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> ratings = indexed.select(col(USER), explode(col(RATINGS)).as("r"))
        .select(col(USER), col("r." + ITEM).as(ITEM), col("r." + RATING).as(RATING));
    try {
      ALSModel model = new ALS().setImplicitPrefs(true).setRank(config.rank()).setRegParam(config.regParam())
          .setAlpha(config.alpha()).setMaxIter(config.maxIter()).setSeed(config.seed())
          .setUserCol(USER).setItemCol(ITEM).setRatingCol(RATING).setColdStartStrategy("drop")
          .fit(ratings);
      users.count(); // the user index outlives the ratings: copied out of the indexed rows before they go
      return new Fitted(model, users, items, kept, dropped);
    } finally {
      indexed.unpersist();
    }
  }

  /**
   * The top {@code n} categories for each of {@code customers} (customer_id) the model knows, leaving out what
   * {@code bought} says each has bought; customers unknown to the model get no rows. Scores rounded to 6 places.
   */
  public static Dataset<Row> recommend(Fitted fitted, Dataset<Row> customers, Dataset<Row> bought, int n) {
    int candidates = (int) Math.min(fitted.itemsKept(), n + TopN.mostBought(bought));
    Dataset<Row> users = customers.select(RecommendColumns.CUSTOMER_ID).join(fitted.users(),
        RecommendColumns.CUSTOMER_ID);
    Dataset<Row> scored = fitted.model().recommendForUserSubset(users.select(USER), Math.max(candidates, 1))
        .select(col(USER), explode(col("recommendations")).as("r"))
        .select(col(USER), col("r." + ITEM).as(ITEM), round(col("r." + RATING).cast(DataTypes.DoubleType), 6)
            .as(RecommendColumns.SCORE))
        .join(fitted.items(), ITEM)
        .join(users, USER)
        .select(RecommendColumns.CUSTOMER_ID, RecommendColumns.CATEGORY, RecommendColumns.SCORE);
    return TopN.excludingBought(scored, bought, n);
  }

  /**
   * {@code values} with dense ids 0.. in {@code idColumn}, in the order of {@code column} (a string key, unique);
   * {@code carried} columns come along.
   */
  private static Dataset<Row> index(SparkSession spark, Dataset<Row> values, String column, String idColumn,
      String... carried) {
    Dataset<Row> ordered = values.select(column, carried).orderBy(column);
    StructType schema = new StructType().add(column, DataTypes.StringType, false)
        .add(idColumn, DataTypes.IntegerType, false);
    for (String c : carried) {
      schema = schema.add(ordered.schema().apply(c));
    }
    // Each row keeps its values, with its position in the order inserted after the key.
    var rows = ordered.javaRDD().zipWithIndex().map(t -> {
      Object[] out = new Object[t._1().size() + 1];
      out[0] = t._1().get(0);
      out[1] = (int) (long) t._2();
      for (int i = 1; i < t._1().size(); i++) {
        out[i + 1] = t._1().get(i);
      }
      return RowFactory.create(out);
    });
    return spark.createDataFrame(rows, schema);
  }

  private AlsRecommender() {}
}
