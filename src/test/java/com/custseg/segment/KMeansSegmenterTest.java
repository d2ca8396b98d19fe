package com.custseg.segment;

import static com.custseg.testing.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.custseg.config.KMeansConfig;
import com.custseg.features.RfmColumns;
import com.custseg.io.TransactionColumns;
import com.custseg.testing.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class KMeansSegmenterTest {
  private static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add(RfmColumns.RECENCY_DAYS, DataTypes.IntegerType)
      .add(RfmColumns.FREQUENCY, DataTypes.LongType)
      .add(RfmColumns.MONETARY, TransactionColumns.MONEY)
      .add(RfmColumns.IS_BUYER, DataTypes.BooleanType)
      .add("planted", DataTypes.StringType);

  /** Three planted groups of 20 buyers (champions, regulars, dormant) with small jitter, and two non-buyers. */
  private static Dataset<Row> plantedGroups() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int j = i % 5;
      rows.add(row("a" + i, 3 + j, 40L + j, new BigDecimal((20000 + 300 * j) + ".00"), true, "champions"));
      rows.add(row("b" + i, 60 + j, 8L + j % 2, new BigDecimal((1500 + 50 * j) + ".00"), true, "regulars"));
      rows.add(row("c" + i, 400 + 5 * j, 1L, new BigDecimal((60 + 5 * j) + ".00"), true, "dormant"));
    }
    rows.add(row("n1", null, 0L, new BigDecimal("0.00"), false, "none"));
    rows.add(row("n2", null, 0L, new BigDecimal("-15.00"), false, "none"));
    return Fixtures.table(SCHEMA, rows.toArray(Object[][]::new));
  }

  @Test
  void everyBuyerIsAssignedAndThePlantedGroupsAreFoundAsTheKClusters() {
    Dataset<Row> customers = plantedGroups();
    PipelineModel model = KMeansSegmenter.fit(customers, new KMeansConfig(3, 42, 40, 1e-4));
    List<Row> result = KMeansSegmenter.withCluster(customers, model)
        .select("customer_id", "planted", SegmentColumns.CLUSTER_ID).collectAsList();

    assertThat(result).hasSize(62);
    Map<String, Set<Integer>> clustersOfGroup = new HashMap<>();
    for (Row r : result) {
      clustersOfGroup.computeIfAbsent(r.getString(1), g -> new HashSet<>()).add(r.getInt(2));
    }
    assertThat(clustersOfGroup.get("none")).containsExactly(SegmentColumns.NO_CLUSTER);
    assertThat(clustersOfGroup.get("champions")).hasSize(1);
    assertThat(clustersOfGroup.get("regulars")).hasSize(1);
    assertThat(clustersOfGroup.get("dormant")).hasSize(1);
    Set<Integer> all = new HashSet<>();
    all.addAll(clustersOfGroup.get("champions"));
    all.addAll(clustersOfGroup.get("regulars"));
    all.addAll(clustersOfGroup.get("dormant"));
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(((KMeansModel) model.stages()[2]).clusterCenters()).hasSize(3);
  }

  @Test
  void theSameInputAndSeedGiveTheSameAssignments() {
    Dataset<Row> customers = plantedGroups();
    KMeansConfig config = new KMeansConfig(3, 7, 40, 1e-4);

    List<Row> first = KMeansSegmenter.withCluster(customers, KMeansSegmenter.fit(customers, config))
        .select("customer_id", SegmentColumns.CLUSTER_ID).orderBy("customer_id").collectAsList();
    List<Row> second = KMeansSegmenter.withCluster(customers, KMeansSegmenter.fit(customers, config))
        .select("customer_id", SegmentColumns.CLUSTER_ID).orderBy("customer_id").collectAsList();

    assertThat(second).isEqualTo(first);
  }
}
