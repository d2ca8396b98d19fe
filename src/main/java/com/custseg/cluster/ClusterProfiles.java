package com.custseg.cluster;

import com.custseg.cluster.ClusteringResult.ClusterProfile;
import com.custseg.io.OutputTables;
import com.custseg.io.TransactionColumns;
import com.custseg.segment.SegmentColumns;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** The cluster_profiles table: one row per cluster of a snapshot, built from the driver-side profiles (k rows). */
public final class ClusterProfiles {
  public static final StructType SCHEMA = new StructType()
      .add(OutputTables.SNAPSHOT_DATE, DataTypes.DateType, false)
      .add(SegmentColumns.CLUSTER_ID, DataTypes.IntegerType, false)
      .add(ClusterColumns.CLUSTER_CODE, DataTypes.StringType, false)
      .add(ClusterColumns.CLUSTER_NAME, DataTypes.StringType, false)
      .add(ClusterColumns.CUSTOMERS, DataTypes.LongType, false)
      .add(ClusterColumns.SHARE, DataTypes.DoubleType, false)
      .add(ClusterColumns.REVENUE, TransactionColumns.MONEY, false)
      .add(ClusterColumns.REVENUE_SHARE, DataTypes.DoubleType, true)
      .add(ClusterColumns.AVG_RECENCY_DAYS, DataTypes.DoubleType, true)
      .add(ClusterColumns.AVG_FREQUENCY, DataTypes.DoubleType, true)
      .add(ClusterColumns.AVG_MONETARY, TransactionColumns.MONEY, true)
      .add(ClusterColumns.CENTROID_SCALED, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
          false)
      .add(ClusterColumns.CENTROID_ORIGINAL, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
          false)
      .add(ClusterColumns.SILHOUETTE, DataTypes.DoubleType, true)
      .add(ClusterColumns.CENTROID_DRIFT, DataTypes.DoubleType, true)
      .add(ClusterColumns.MODEL_SNAPSHOT_DATE, DataTypes.DateType, false);

  public static Dataset<Row> table(SparkSession spark, LocalDate snapshot, ClusteringResult result) {
    List<Row> rows = result.profiles().stream().map(p -> row(snapshot, result.modelSnapshot(), p)).toList();
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Row row(LocalDate snapshot, LocalDate modelSnapshot, ClusterProfile p) {
    return RowFactory.create(Date.valueOf(snapshot), p.clusterId(), p.code(), p.name(), p.customers(), p.share(),
        p.revenue(), p.revenueShare(), p.avgRecencyDays(), p.avgFrequency(), p.avgMonetary(),
        CollectionConverters.asScala(p.centroidScaled()),
        CollectionConverters.asScala(p.centroidOriginal()), p.silhouette(), p.centroidDrift(),
        Date.valueOf(modelSnapshot));
  }

  private ClusterProfiles() {}
}
