package com.custseg.cluster;

/**
 * The buyers of a snapshot are too few (or all alike) for k-means: not an error of the data. The run then goes on
 * without clusters ({@link KMeansSegmenter#withoutClusters}), as the value models do without enough repeat buyers.
 */
public final class TooFewBuyersException extends IllegalStateException {
  public TooFewBuyersException(String message) {
    super(message);
  }
}
