package com.custseg.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;

import com.custseg.config.RecommendConfig;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MLlib ALS with implicit feedback on customer x category strength (distinct purchase days, or net spend). Customers
 * and categories get dense int ids in the order of their ids (a sort and {@code zipWithIndex}, on the executors),
 * and the ratings are laid out the same way every time, so with the fixed seed the same input gives the same model.
 */
public final class AlsRecommender {
  private static final String USER = "user";
  private static final String ITEM = "item";
  private static final String RATING = "rating";

  /** A fitted model with the id indexes it was fitted with. */
  public record Fitted(ALSModel model, Dataset<Row> users, Dataset<Row> items, long itemsKept, long itemsDropped) {}

  public static Fitted fit(SparkSession spark, Dataset<Row> purchases, RecommendConfig config) {
    Dataset<Row> itemCustomers = purchases.groupBy(RecommendColumns.CATEGORY).agg(count(lit(1)).as("n"));
    Dataset<Row> keptItems = itemCustomers.where(col("n").geq(config.minItemCustomers()))
        .select(RecommendColumns.CATEGORY);
    Dataset<Row> items = index(spark, keptItems, RecommendColumns.CATEGORY, ITEM).persist();
    long kept = items.count();
    long dropped = itemCustomers.count() - kept;
    Dataset<Row> rated = purchases.join(items, RecommendColumns.CATEGORY);
    Dataset<Row> users = index(spark, rated.select(RecommendColumns.CUSTOMER_ID).distinct(),
        RecommendColumns.CUSTOMER_ID, USER).persist();
    String strength = config.strength() == RecommendConfig.Strength.DAYS ? RecommendColumns.DAYS
        : RecommendColumns.SPEND;
    Dataset<Row> ratings = rated.join(users, RecommendColumns.CUSTOMER_ID)
        .select(col(USER), col(ITEM), col(strength).cast(DataTypes.FloatType).as(RATING))
        .where(col(RATING).gt(0))
        .repartition(col(USER)).sortWithinPartitions(USER, ITEM);
    ALSModel model = new ALS().setImplicitPrefs(true).setRank(config.rank()).setRegParam(config.regParam())
        .setAlpha(config.alpha()).setMaxIter(config.maxIter()).setSeed(config.seed())
        .setUserCol(USER).setItemCol(ITEM).setRatingCol(RATING).setColdStartStrategy("drop")
        .fit(ratings);
    return new Fitted(model, users, items, kept, dropped);
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

  /** {@code values} (one column, {@code column}) with dense ids 0.. in the order of the values. */
  private static Dataset<Row> index(SparkSession spark, Dataset<Row> values, String column, String idColumn) {
    var rows = values.select(column).orderBy(column).javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(t._1().getString(0), (int) (long) t._2()));
    StructType schema = new StructType().add(column, DataTypes.StringType, false).add(idColumn,
        DataTypes.IntegerType, false);
    return spark.createDataFrame(rows, schema);
  }

  private AlsRecommender() {}
}
