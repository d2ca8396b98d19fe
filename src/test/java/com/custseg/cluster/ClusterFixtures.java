package com.custseg.cluster;

import static com.custseg.testing.Fixtures.row;

import com.custseg.cluster.SegmentModel.ClusterLabel;
import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Customers with RFM columns and a planted group, for the k-means tests. */
final class ClusterFixtures {
  static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add(RfmColumns.RECENCY_DAYS, DataTypes.IntegerType)
      .add(RfmColumns.FREQUENCY, DataTypes.LongType)
      .add(RfmColumns.MONETARY, TransactionColumns.MONEY)
      .add(RfmColumns.IS_BUYER, DataTypes.BooleanType)
      .add("value_tier", DataTypes.StringType)
      .add("planted", DataTypes.StringType);

  /** Three planted groups of 20 buyers (champions, regulars, dormant) with small jitter, and two non-buyers. */
  static Dataset<Row> threeGroups() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int j = i % 5;
      rows.add(row("a" + i, 3 + j, 40L + j, money(20000 + 300 * j), true, "vip", "champions"));
      rows.add(row("b" + i, 60 + j, 8L + j % 2, money(1500 + 50 * j), true, "general", "regulars"));
      rows.add(row("c" + i, 400 + 5 * j, 1L, money(60 + 5 * j), true, "lost", "dormant"));
    }
    rows.add(row("n1", null, 0L, money(0), false, "no_purchase", "none"));
    rows.add(row("n2", null, 0L, new BigDecimal("-15.00"), false, "no_purchase", "none"));
    return Fixtures.table(SCHEMA, rows.toArray(Object[][]::new));
  }

  /**
   * Four groups of 30 buyers on four corners of a cube in (log spend, log orders, recency) that are pairwise
   * equally far apart (a regular tetrahedron), so no k but 4 separates them well.
   */
  static Dataset<Row> fourBlobs() {
    return fourBlobs(30);
  }

  /** {@link #fourBlobs()} with {@code perBlob} buyers in each group. */
  static Dataset<Row> fourBlobs(int perBlob) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < perBlob; i++) {
      int j = i % 5;
      rows.add(row("A" + i, 300 + j, 50L, money(20000 + 40 * j), true, "vip", "A"));
      rows.add(row("B" + i, 10 + j, 2L, money(20000 + 40 * j), true, "key_maintain", "B"));
      rows.add(row("C" + i, 10 + j, 50L, money(100 + j), true, "potential", "C"));
      rows.add(row("D" + i, 300 + j, 2L, money(100 + j), true, "lost", "D"));
    }
    return Fixtures.table(SCHEMA, rows.toArray(Object[][]::new));
  }

  /** A model whose cluster_id is its k-means index, for tests that do not care about names. */
  static SegmentModel indexLabelled(PipelineModel pipeline, List<String> features) {
    int k = ((org.apache.spark.ml.clustering.KMeansModel) pipeline.stages()[pipeline.stages().length - 1])
        .clusterCenters().length;
    return new SegmentModel(pipeline, features,
        IntStream.range(0, k).mapToObj(i -> new ClusterLabel(i, i, "c" + i, "c" + i)).toList());
  }

  static BigDecimal money(long amount) {
    return new BigDecimal(amount + ".00");
  }

  private ClusterFixtures() {}
}
