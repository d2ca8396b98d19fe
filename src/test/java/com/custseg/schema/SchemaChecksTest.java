package com.custseg.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaChecksTest {
  private static final StructType CUSTOMERS = new StructType()
      .add("Customer_ID", DataTypes.StringType)
      .add("frequency", DataTypes.LongType)
      .add("province_raw", DataTypes.StringType);

  @Test
  void theMessageListsTheMissingColumnsAndShowsTheColumnsThatAreThere() {
    assertThatThrownBy(() -> SchemaChecks.requireColumns("the fit", CUSTOMERS,
        List.of("customer_id", "recency_days", "frequency", "t_days")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the fit: missing column(s) [recency_days, t_days]; actual schema:\n"
            + "root\n"
            + " |-- Customer_ID: string (nullable = true)\n"
            + " |-- frequency: long (nullable = true)\n"
            + " |-- province_raw: string (nullable = true)\n");
  }

  @Test
  void aColumnMatchesWhateverItsCaseAsSparkResolvesIt() {
    assertThatCode(() -> SchemaChecks.requireColumns("customers", CUSTOMERS, List.of("customer_id", "PROVINCE_RAW")))
        .doesNotThrowAnyException();
    assertThat(SchemaChecks.field(CUSTOMERS, "CUSTOMER_id")).get().extracting(f -> f.name()).isEqualTo("Customer_ID");
  }

  @Test
  void numericColumnsMustBeThereAndNumericWhateverTheirCase() {
    assertThatCode(() -> SchemaChecks.requireNumericColumns("the fit", CUSTOMERS, List.of("FREQUENCY")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> SchemaChecks.requireNumericColumns("the fit", CUSTOMERS,
        List.of("frequency", "customer_id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the fit: column(s) [customer_id] must be numeric; actual schema:\nroot\n");
    assertThatThrownBy(() -> SchemaChecks.requireNumericColumns("the fit", CUSTOMERS, List.of("monetary")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the fit: missing column(s) [monetary]; actual schema:\n");
  }
}
