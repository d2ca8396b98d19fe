package com.custseg.io;

import com.custseg.config.SourceConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads one input table as the source wrote it; mapping and typing happen in {@code quality}. */
public final class SourceReader {

  public static Dataset<Row> read(SparkSession spark, SourceConfig source) {
    return spark.read().format(source.format()).options(source.options()).load(source.path());
  }

  private SourceReader() {}
}
