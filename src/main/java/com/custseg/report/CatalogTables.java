package com.custseg.report;

import com.custseg.config.OutputConfig;
import com.custseg.io.OutputTable;
import com.custseg.io.SnapshotTable;
import com.custseg.io.SnapshotTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the output tables by name in the Spark catalog (segmentation.output.catalog-database), so analysts and
 * BI tools query {@code db.customer_segments} instead of a path: each Delta table as an external table over its
 * folder, with the table comment and, for the analyst-facing tables, a comment on every column the job writes
 * ({@link TableComments}), plus a view {@code db.latest_<table>} of the latest snapshot of each table that
 * {@link OutputTable#hasLatestView() has one} (the name {@code sql.sh} gives the same view).
 *
 * <p>Delta keeps the comments in the table's own log (table description and schema metadata), so they also show in
 * {@code DESCRIBE} over the path. Only comments that differ are set, each table's columns in one
 * {@code ALTER TABLE} (one Delta commit): a run with unchanged comments commits nothing.
 *
 * <p>A Parquet table (segmentation.output.format = parquet) has no log: it is registered again on every call with
 * its schema, comments and partition columns ({@code CREATE TABLE ... USING parquet PARTITIONED BY ... LOCATION}),
 * then {@code ALTER TABLE ... RECOVER PARTITIONS} enters the snapshot folders that exist now into the catalog
 * (a snapshot written or dropped later shows after the next registration).
 */
public final class CatalogTables {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogTables.class);
  /**
   * Registers each of {@code tables} that exists under the output root (Delta or Parquet); a name already registered
   * at another location is re-registered at this one (dropping an external table leaves its files).
   *
   * @return the names registered, in the order given, and the latest-snapshot views
   */
  public static List<String> register(SparkSession spark, String database, OutputConfig output,
      List<OutputTable> tables) {
    if (!OutputConfig.DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("catalog database must be a plain name (letters, digits, _), got: "
          + database);
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database + " COMMENT "
        + literal("Customer segmentation output tables (customer-segmentation job)"));
    List<String> registered = new ArrayList<>();
    for (OutputTable declared : tables) {
      if (!declared.isRegistered()) {
        continue;
      }
      String name = declared.name();
      String path = declared.pathIn(output);
      SnapshotTable format = SnapshotTables.at(spark, path);
      if (!format.exists(spark, path)) {
        continue;
      }
      String table = database + "." + name;
      String location = qualified(spark, path);
      if (format == SnapshotTables.DELTA) {
        registerDelta(spark, table, name, location);
      } else {
        registerParquet(spark, table, name, format, path, location);
      }
      registered.add(table);
      if (declared.hasLatestView()) {
        String view = database + "." + SqlShell.LATEST_PREFIX + name;
        spark.sql("CREATE OR REPLACE VIEW " + view + " COMMENT " + literal("Latest snapshot of " + name)
            + " AS " + SqlShell.latestSnapshotQuery(table));
        registered.add(view);
      }
    }
    LOG.info("catalog: registered {}", registered);
    return registered;
  }

  private static void registerDelta(SparkSession spark, String table, String name, String location) {
    if (spark.catalog().tableExists(table) && !location.equals(registeredLocation(spark, table))) {
      LOG.info("catalog: {} pointed at {}, re-registering at {}", table, registeredLocation(spark, table),
          location);
      spark.sql("DROP TABLE " + table);
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + table + " USING DELTA LOCATION " + literal(location));
    setComments(spark, table, name);
  }

  /** Dropping the external table leaves its files; the new definition carries the comments. */
  private static void registerParquet(SparkSession spark, String table, String name, SnapshotTable format,
      String path, String location) {
    List<String> columns = new ArrayList<>();
    for (StructField field : format.read(spark, path).schema().fields()) {
      columns.add("`" + field.name() + "` " + field.dataType().sql() + TableComments.column(name, field.name())
          .map(c -> " COMMENT " + literal(c)).orElse(""));
    }
    List<String> partitions = format.partitionColumns(spark, path).stream().map(c -> "`" + c + "`").toList();
    spark.sql("DROP TABLE IF EXISTS " + table);
    spark.sql("CREATE TABLE " + table + " (" + String.join(", ", columns) + ") USING PARQUET"
        + (partitions.isEmpty() ? "" : " PARTITIONED BY (" + String.join(", ", partitions) + ")")
        + TableComments.table(name).map(c -> " COMMENT " + literal(c)).orElse("")
        + " LOCATION " + literal(location));
    if (!partitions.isEmpty()) {
      spark.sql("ALTER TABLE " + table + " RECOVER PARTITIONS");
    }
  }

  private static void setComments(SparkSession spark, String table, String name) {
    Optional<String> tableComment = TableComments.table(name);
    Row detail = spark.sql("DESCRIBE DETAIL " + table).select("description").first();
    String current = detail.isNullAt(0) ? null : detail.getString(0);
    if (tableComment.isPresent() && !tableComment.get().equals(current)) {
      spark.sql("COMMENT ON TABLE " + table + " IS " + literal(tableComment.get()));
    }
    List<String> changes = new ArrayList<>();
    for (StructField field : spark.table(table).schema().fields()) {
      Optional<String> comment = TableComments.column(name, field.name());
      if (comment.isPresent() && !comment.get().equals(field.getComment().getOrElse(() -> null))) {
        changes.add("`" + field.name() + "` COMMENT " + literal(comment.get()));
      }
    }
    if (!changes.isEmpty()) {
      spark.sql("ALTER TABLE " + table + " ALTER COLUMN " + String.join(", ", changes));
      LOG.info("catalog: {} column comments set on {}", changes.size(), table);
    }
  }

  private static String registeredLocation(SparkSession spark, String table) {
    return spark.sql("DESCRIBE DETAIL " + table).select("location").first().getString(0);
  }

  /** The path as the catalog stores it (scheme included, e.g. file:/...). */
  private static String qualified(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot resolve " + path, e);
    }
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private CatalogTables() {}
}
