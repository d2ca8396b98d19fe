package com.custseg.config;

/**
 * What to offer whom, under {@code segmentation.recommendations}: category affinity per segment and per-customer
 * recommendations from MLlib ALS (implicit feedback), measured against a holdout when --calibration-end is set.
 *
 * @param enabled whether the run writes segment_affinity and recommendations (only when a category is mapped)
 * @param topN recommendations per buyer (categories not bought in the lookback window)
 * @param minSupport a segment x category is reported in segment_affinity when at least this many of the segment's
 *     customers bought it (and the segment fallback recommends only such categories)
 * @param minItemCustomers categories bought by fewer customers are left out of the model (and counted)
 * @param strength ALS's implicit rating of a customer x category: distinct purchase days or net spend
 * @param lookbackDays purchases of the last this many days are the ratings and what is not recommended again
 * @param rank number of latent factors
 * @param regParam ALS regularisation
 * @param alpha confidence scale of implicit ratings
 * @param maxIter ALS iterations
 * @param seed ALS seed (with the deterministic id index, the same input gives the same output)
 * @param use als, or best-baseline: recommend the better of global and segment popularity when ALS does not beat
 *     them on MAP in the holdout
 * @param item what is recommended: the category, or the product (input.transactions.columns.product)
 */
public record RecommendConfig(boolean enabled, int topN, int minSupport, int minItemCustomers, Strength strength,
    int lookbackDays, int rank, double regParam, double alpha, int maxIter, long seed, Use use, Item item) {
  public static final String ENABLED = "segmentation.recommendations.enabled";
  public static final String TOP_N = "segmentation.recommendations.top-n";
  public static final String MIN_SUPPORT = "segmentation.recommendations.min-support";
  public static final String MIN_ITEM_CUSTOMERS = "segmentation.recommendations.min-item-customers";
  public static final String STRENGTH = "segmentation.recommendations.strength";
  public static final String LOOKBACK_DAYS = "segmentation.recommendations.lookback-days";
  public static final String RANK = "segmentation.recommendations.als.rank";
  public static final String REG_PARAM = "segmentation.recommendations.als.reg-param";
  public static final String ALPHA = "segmentation.recommendations.als.alpha";
  public static final String MAX_ITER = "segmentation.recommendations.als.max-iter";
  public static final String SEED = "segmentation.recommendations.als.seed";
  public static final String USE = "segmentation.recommendations.use";
  public static final String ITEM = "segmentation.recommendations.item";

  public enum Strength { DAYS, SPEND }

  public enum Use { ALS, BEST_BASELINE }

  public enum Item { CATEGORY, PRODUCT }

  /** As the canonical constructor, recommending categories. */
  public RecommendConfig(boolean enabled, int topN, int minSupport, int minItemCustomers, Strength strength,
      int lookbackDays, int rank, double regParam, double alpha, int maxIter, long seed, Use use) {
    this(enabled, topN, minSupport, minItemCustomers, strength, lookbackDays, rank, regParam, alpha, maxIter, seed,
        use, Item.CATEGORY);
  }

  public RecommendConfig {
    positive(TOP_N, topN);
    positive(MIN_SUPPORT, minSupport);
    positive(MIN_ITEM_CUSTOMERS, minItemCustomers);
    positive(LOOKBACK_DAYS, lookbackDays);
    positive(RANK, rank);
    positive(MAX_ITER, maxIter);
    if (!(regParam >= 0)) {
      throw new ConfigException(REG_PARAM + " must be at least 0, got: " + regParam);
    }
    if (!(alpha > 0)) {
      throw new ConfigException(ALPHA + " must be greater than 0, got: " + alpha);
    }
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new ConfigException(key + " must be at least 1, got: " + value);
    }
  }
}
