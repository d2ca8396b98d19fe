package com.custseg.value;

import com.custseg.features.RfmColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/** Checks on the schema of the per-customer model inputs, made before any Spark job runs. */
final class ValueInputs {
  static final List<String> BG_NBD = List.of(RfmColumns.FREQUENCY_REPEAT, RfmColumns.RECENCY_REPEAT,
      RfmColumns.T_DAYS);
  static final List<String> GAMMA_GAMMA = List.of(RfmColumns.FREQUENCY_REPEAT, RfmColumns.MONETARY_REPEAT);

  static void requireNumeric(StructType schema, String what, List<String> columns) {
    List<String> names = Arrays.asList(schema.fieldNames());
    List<String> missing = columns.stream().filter(c -> !names.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(what + " needs columns " + missing + " that the input does not have; input: "
          + schema.simpleString());
    }
    List<String> notNumeric = columns.stream()
        .filter(c -> !(schema.apply(c).dataType() instanceof NumericType)).toList();
    if (!notNumeric.isEmpty()) {
      throw new IllegalArgumentException(what + " needs numeric columns " + notNumeric + "; input: "
          + schema.simpleString());
    }
  }

  private ValueInputs() {}
}
