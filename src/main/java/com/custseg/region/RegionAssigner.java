package com.custseg.region;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.custseg.io.CustomerColumns;
import com.custseg.schema.SchemaChecks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Resolves each customer's raw province to a canonical province, region and economic zone by a broadcast join on
 * the normalised value against {@link RegionMapping#lookupTable}. Customers whose province matches no alias (or is
 * null or blank) are kept and marked {@link RegionColumns#UNKNOWN}, so they still count and show up in
 * {@link #unknownProvinces}.
 */
public final class RegionAssigner {
  /** {@link RegionColumns#REGION_NAME} of unmatched customers when no mapping says otherwise (china.conf's). */
  public static final String UNKNOWN_REGION_NAME = "未知";
  /** Count column of {@link #unknownProvinces}. */
  public static final String CUSTOMERS = "customers";

  /** The outputs, in the order they are appended. */
  public static final List<String> OUTPUT_COLUMNS = List.of(RegionColumns.PROVINCE, RegionColumns.PROVINCE_CODE,
      RegionColumns.REGION_CODE, RegionColumns.REGION_NAME, RegionColumns.ECONOMIC_ZONE);

  /** Join key columns, named so they cannot clash with a customer attribute; dropped before returning. */
  private static final String CUSTOMER_KEY = "__region_customer_key";
  private static final String LOOKUP_KEY = "__region_lookup_key";

  /**
   * Adds {@link #OUTPUT_COLUMNS} to {@code customers}, keeping every input column and row: the lookup's
   * {@link RegionMapping#ALIAS_KEY} is unique, so the left join neither drops nor duplicates a customer.
   *
   * @param lookup a table with {@link RegionMapping#LOOKUP_SCHEMA}, normally {@link RegionMapping#lookupTable}
   * @throws IllegalArgumentException when {@code customers} lacks {@link CustomerColumns#PROVINCE_RAW} or already
   *     has an output column, or {@code lookup} lacks a column; checked on the schemas, before any Spark job
   */
  public static Dataset<Row> withRegion(Dataset<Row> customers, Dataset<Row> lookup) {
    return withRegion(customers, lookup, UNKNOWN_REGION_NAME);
  }

  /** As {@link #withRegion(Dataset, Dataset)}, unmatched customers named {@code unknownName} (the mapping's). */
  public static Dataset<Row> withRegion(Dataset<Row> customers, Dataset<Row> lookup, String unknownName) {
    SchemaChecks.requireColumns("customers", customers.schema(), List.of(CustomerColumns.PROVINCE_RAW));
    rejectColumns("customers", customers, OUTPUT_COLUMNS);
    List<String> lookupColumns = new ArrayList<>(OUTPUT_COLUMNS);
    lookupColumns.add(0, RegionMapping.ALIAS_KEY);
    SchemaChecks.requireColumns("region lookup", lookup.schema(), lookupColumns);

    List<Column> lookupSelection = new ArrayList<>();
    lookupSelection.add(col(RegionMapping.ALIAS_KEY).as(LOOKUP_KEY));
    OUTPUT_COLUMNS.forEach(name -> lookupSelection.add(col(name)));
    Dataset<Row> keys = broadcast(lookup.select(lookupSelection.toArray(Column[]::new)));

    Dataset<Row> joined = customers
        .withColumn(CUSTOMER_KEY, ProvinceNormalizer.normalize(col(CustomerColumns.PROVINCE_RAW)))
        .join(keys, col(CUSTOMER_KEY).equalTo(col(LOOKUP_KEY)), "left");

    List<Column> output = new ArrayList<>();
    for (String name : customers.columns()) {
      output.add(col(quoted(name)));
    }
    output.add(col(RegionColumns.PROVINCE));
    output.add(orElse(RegionColumns.PROVINCE_CODE, RegionColumns.UNKNOWN));
    output.add(orElse(RegionColumns.REGION_CODE, RegionColumns.UNKNOWN));
    output.add(orElse(RegionColumns.REGION_NAME, unknownName));
    output.add(col(RegionColumns.ECONOMIC_ZONE));
    return joined.select(output.toArray(Column[]::new));
  }

  /**
   * The raw province values that matched no alias, with how many customers carry each (columns
   * {@link CustomerColumns#PROVINCE_RAW}, {@link #CUSTOMERS}), most frequent first, then by value; null and blank
   * values are listed too. Meant for the run report, so that whoever maintains the mapping file sees which
   * spellings to add.
   *
   * @param withRegion the output of {@link #withRegion}
   * @param top how many values to keep, at least 1
   */
  public static Dataset<Row> unknownProvinces(Dataset<Row> withRegion, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, got: " + top);
    }
    SchemaChecks.requireColumns("unknownProvinces input", withRegion.schema(),
        List.of(CustomerColumns.PROVINCE_RAW, RegionColumns.PROVINCE_CODE));
    return withRegion
        .filter(col(RegionColumns.PROVINCE_CODE).equalTo(lit(RegionColumns.UNKNOWN)))
        .groupBy(col(CustomerColumns.PROVINCE_RAW))
        .agg(count(lit(1)).as(CUSTOMERS))
        .orderBy(col(CUSTOMERS).desc(), col(CustomerColumns.PROVINCE_RAW).asc_nulls_last())
        .limit(top);
  }

  /** A lookup output, or {@code fallback} for customers the left join found no alias for. */
  private static Column orElse(String column, String fallback) {
    return coalesce(col(column), lit(fallback)).as(column);
  }

  private static void rejectColumns(String what, Dataset<Row> table, List<String> outputs) {
    List<String> clashing = outputs.stream()
        .filter(name -> SchemaChecks.field(table.schema(), name).isPresent())
        .toList();
    if (!clashing.isEmpty()) {
      throw new IllegalArgumentException(what + ": already has column(s) " + clashing
          + ", which region assignment adds; actual schema:\n" + table.schema().treeString());
    }
  }

  /** Backtick-quotes a name so dots or spaces in a customer column are not read as nested fields. */
  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private RegionAssigner() {}
}
