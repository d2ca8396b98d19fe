package com.custseg.io;

import com.custseg.config.ConfigException;
import com.custseg.config.SourceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one input table as the source wrote it; mapping and typing happen in {@code quality}.
 *
 * <p>CSV is read in Spark's PERMISSIVE mode with a corrupt-record column: a line whose field count does not match the
 * header is not dropped or silently padded but arrives with its original text in {@link #CORRUPT_RECORD}, so that
 * cleaning can quarantine it as a malformed line. A UTF-8 byte order mark before the header is removed from the
 * first column name.
 */
public final class SourceReader {
  private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);
  /** The original text of a CSV line Spark could not split into the header's columns; null for good lines. */
  public static final String CORRUPT_RECORD = "_corrupt_record";
  private static final String BOM = "\uFEFF";

  public static Dataset<Row> read(SparkSession spark, SourceConfig source) {
    return read(spark, source, System.getenv());
  }

  /**
   * @param env the environment the JDBC password is taken from ({@link SourceConfig#passwordEnv} names the variable)
   */
  public static Dataset<Row> read(SparkSession spark, SourceConfig source, Map<String, String> env) {
    LOG.info("reading {}", source.describe());
    return switch (source.format()) {
      case "csv" -> readCsv(spark, source);
      case "table" -> spark.table(source.path());
      case "jdbc" -> readJdbc(spark, source, env);
      default -> spark.read().format(source.format()).options(source.options()).load(source.path());
    };
  }

  /**
   * A JDBC table or query, in parallel when the partitioning options are set. Timestamps without a time zone are
   * read as wall-clock times (TIMESTAMP_NTZ) unless the options say otherwise, so that cleaning places them in the
   * job's time zone like text timestamps instead of in the JVM's.
   */
  private static Dataset<Row> readJdbc(SparkSession spark, SourceConfig source, Map<String, String> env) {
    DataFrameReader reader = spark.read().format("jdbc").option("preferTimestampNTZ", "true")
        .options(source.options());
    if (!source.passwordEnv().isBlank()) {
      String password = env.get(source.passwordEnv());
      if (password == null) {
        throw new ConfigException(source.key() + ".password-env: environment variable " + source.passwordEnv()
            + " is not set");
      }
      reader = reader.option("password", password);
    }
    return reader.load();
  }

  /**
   * The bytes of the files a source is read from, as stored (compressed or not; a glob counts every match, a Delta
   * table every file under it); empty for catalog tables and JDBC, whose size is not known without reading them.
   * Listing only: no Spark job.
   */
  public static OptionalLong storedBytes(SparkSession spark, SourceConfig source) {
    if (source.format().equals("table") || source.format().equals("jdbc")) {
      return OptionalLong.empty();
    }
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(path);
      long bytes = 0;
      for (FileStatus match : matches == null ? new FileStatus[0] : matches) {
        bytes += fs.getContentSummary(match.getPath()).getLength();
      }
      return OptionalLong.of(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + source.key() + ".path " + source.path(), e);
    }
  }

  private static Dataset<Row> readCsv(SparkSession spark, SourceConfig source) {
    // The header (or the first line, without a header) fixes the columns; only the first record is parsed here.
    StructType header = csvReader(spark, source).load(source.path()).schema();
    if (header.fields().length == 0) {
      throw new ConfigException(source.key() + ".path: " + source.path() + " is empty (not even a header line)");
    }
    StructType schema = new StructType();
    for (StructField f : header.fields()) {
      String name = f.name().startsWith(BOM) ? f.name().substring(BOM.length()) : f.name();
      schema = schema.add(name, f.dataType(), true);
    }
    schema = schema.add(CORRUPT_RECORD, DataTypes.StringType, true);
    LOG.info("CSV columns of {}: {}", source.path(), Arrays.toString(schema.fieldNames()));
    return csvReader(spark, source)
        .schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
        .load(source.path());
  }

  private static DataFrameReader csvReader(SparkSession spark, SourceConfig source) {
    return spark.read().format("csv").options(source.options());
  }

  private SourceReader() {}
}
