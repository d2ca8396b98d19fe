package com.custseg.schema;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Preconditions on the schema of a transform's input, checked before any Spark job runs (as Deequ's
 * {@code Analyzer.preconditions}). Column names match as Spark resolves them: ignoring case unless
 * {@code spark.sql.caseSensitive} is set. A failure names the missing columns and shows the actual schema.
 * Depends on nothing in the project, so every package can use it.
 */
public final class SchemaChecks {

  /**
   * @param what the transform or table, how the message starts
   * @throws IllegalArgumentException naming the columns of {@code required} that {@code schema} lacks
   */
  public static void requireColumns(String what, StructType schema, List<String> required) {
    List<String> missing = required.stream().filter(name -> field(schema, name).isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(what + ": missing column(s) " + missing + "; actual schema:\n"
          + schema.treeString());
    }
  }

  /** As {@link #requireColumns}, and each of {@code required} must have a numeric type. */
  public static void requireNumericColumns(String what, StructType schema, List<String> required) {
    requireColumns(what, schema, required);
    List<String> notNumeric = required.stream()
        .filter(name -> !(field(schema, name).orElseThrow().dataType() instanceof NumericType)).toList();
    if (!notNumeric.isEmpty()) {
      throw new IllegalArgumentException(what + ": column(s) " + notNumeric + " must be numeric; actual schema:\n"
          + schema.treeString());
    }
  }

  /** The top-level field Spark resolves {@code name} to, if any. */
  public static Optional<StructField> field(StructType schema, String name) {
    boolean caseSensitive = SQLConf.get().caseSensitiveAnalysis();
    return Arrays.stream(schema.fields())
        .filter(f -> caseSensitive ? f.name().equals(name) : f.name().equalsIgnoreCase(name))
        .findFirst();
  }

  private SchemaChecks() {}
}
