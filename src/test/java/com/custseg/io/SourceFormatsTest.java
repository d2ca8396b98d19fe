package com.custseg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.quality.InputCleaning;
import com.custseg.quality.InputCounts;
import com.custseg.quality.Quarantine;
import com.custseg.testing.TestConfigs;
import com.custseg.testing.TestSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta folders and catalog tables as inputs: typed columns go through the same mapping and cleaning. */
class SourceFormatsTest {
  private static final StructType ORDERS = new StructType()
      .add("order_no", DataTypes.StringType)
      .add("cust_no", DataTypes.StringType)
      .add("paid_at", DataTypes.TimestampType)
      .add("total", DataTypes.createDecimalType(12, 2));

  @TempDir
  Path dir;

  private static Dataset<Row> orders() {
    return TestSpark.session().createDataFrame(List.of(
        RowFactory.create("A1", "C1", java.sql.Timestamp.valueOf("2024-12-01 10:00:00"), new BigDecimal("10.10")),
        RowFactory.create("A2", "C2", java.sql.Timestamp.valueOf("2024-12-02 10:00:00"), new BigDecimal("-2.05")),
        RowFactory.create("A3", null, java.sql.Timestamp.valueOf("2024-12-03 10:00:00"), new BigDecimal("1.00"))),
        ORDERS);
  }

  private static JobConfig config(String format, String path) {
    return TestConfigs.load(
        "--set", "segmentation.input.transactions.format=" + format,
        "--set", "segmentation.input.transactions.path=" + path,
        "--set", "segmentation.input.transactions.columns.order_id=order_no",
        "--set", "segmentation.input.transactions.columns.customer_id=cust_no",
        "--set", "segmentation.input.transactions.columns.order_time=paid_at",
        "--set", "segmentation.input.transactions.columns.amount=total",
        "--set", "segmentation.input.transactions.columns.category=",
        "--set", "segmentation.input.transactions.return-when=");
  }

  private static void assertCleaned(JobConfig config) {
    Dataset<Row> checked = InputCleaning.transactions(
        SourceReader.read(TestSpark.session(), config.transactions()), config.transactions());
    assertThat(Quarantine.counts(checked)).isEqualTo(new InputCounts(3, 2, 0, Map.of("MISSING_CUSTOMER_ID", 1L)));
    assertThat(Quarantine.kept(checked).selectExpr("sum(amount)", "count_if(is_return)").first().toString())
        .isEqualTo("[8.05,1]");
  }

  @Test
  void aDeltaFolderIsReadByPath() {
    String path = dir.resolve("orders_delta").toString();
    orders().write().format("delta").save(path);

    assertCleaned(config("delta", path));
  }

  @Test
  void aCatalogTableIsReadByName() {
    orders().createOrReplaceGlobalTempView("custseg_orders");

    assertCleaned(config("table", "global_temp.custseg_orders"));
  }

  @Test
  void aTableNameWithSpacesOrSlashesIsRejected() {
    assertThatThrownBy(() -> config("table", "/data/orders"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.input.transactions.path must be a catalog table name like db.table for format "
            + "table, got: /data/orders");
  }
}
