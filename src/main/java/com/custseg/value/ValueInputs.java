package com.custseg.value;

import com.custseg.features.RfmColumns;
import com.custseg.schema.SchemaChecks;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/** Checks on the schema of the per-customer model inputs, made before any Spark job runs. */
final class ValueInputs {
  static final List<String> BG_NBD = List.of(RfmColumns.FREQUENCY_REPEAT, RfmColumns.RECENCY_REPEAT,
      RfmColumns.T_DAYS);
  static final List<String> GAMMA_GAMMA = List.of(RfmColumns.FREQUENCY_REPEAT, RfmColumns.MONETARY_REPEAT);

  static void requireNumeric(StructType schema, String what, List<String> columns) {
    SchemaChecks.requireNumericColumns(what, schema, columns);
  }

  private ValueInputs() {}
}
