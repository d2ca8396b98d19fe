package com.custseg.features;

import java.util.List;

/** The per-customer buying-motive features of the purchase lines, columns of customer_segments. */
public final class MotiveColumns {
  /** Share of the spend with a known discount that was bought at a discount (discount &gt; 0), 0 to 1. */
  public static final String DISCOUNT_SHARE = "discount_share";
  /**
   * The customer's average unit price as a percentile among the category's buyers, averaged over the customer's
   * categories weighted by spend: 0 to 1, 0.5 for a typical price.
   */
  public static final String PRICE_LEVEL = "price_level";
  /** Herfindahl index of the spend over brands: 1 for one brand, 1/n for n brands bought equally. */
  public static final String BRAND_CONCENTRATION = "brand_concentration";
  /** Herfindahl index of the spend over categories. */
  public static final String CATEGORY_CONCENTRATION = "category_concentration";

  /** In the order of customer_segments. */
  public static final List<String> ALL = List.of(DISCOUNT_SHARE, PRICE_LEVEL, BRAND_CONCENTRATION,
      CATEGORY_CONCENTRATION);

  private MotiveColumns() {}
}
