package com.custseg.worklist;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.SourceConfig;
import com.custseg.io.CustomerColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The contact details of the customers (name, phone, email) as the source customers table holds them, read at
 * export time for the teams allowed to see them. They are never written to a table: the cleaned customers hold them
 * only protected (segmentation.privacy), if at all.
 */
public final class Contacts {
  public static final String EMAIL = "email";
  /** The contact columns, in export order; a field the source does not map is null. */
  public static final List<String> COLUMNS = List.of(CustomerColumns.NAME, CustomerColumns.PHONE, EMAIL);

  /**
   * customer_id and the contact columns, one row per customer id, from the source rows as read (the mapping of
   * segmentation.input.customers.columns applied, values trimmed, blanks null). An id the source holds twice gets
   * the smallest value of each field, so a rerun exports the same.
   */
  public static Dataset<Row> of(Dataset<Row> source, SourceConfig config) {
    List<Column> fields = new ArrayList<>();
    fields.add(mapped(config, CustomerColumns.CUSTOMER_ID).as(CustomerColumns.CUSTOMER_ID));
    for (String c : COLUMNS) {
      fields.add(mapped(config, c).as(c));
    }
    List<Column> firsts = COLUMNS.stream().map(c -> min(col(c)).as(c)).toList();
    return source.select(fields.toArray(Column[]::new))
        .where(col(CustomerColumns.CUSTOMER_ID).isNotNull())
        .groupBy(CustomerColumns.CUSTOMER_ID)
        .agg(firsts.get(0), firsts.subList(1, firsts.size()).toArray(Column[]::new));
  }

  private static Column mapped(SourceConfig config, String field) {
    String mapping = config.column(field);
    if (mapping == null) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column value = trim(expr(mapping).cast(DataTypes.StringType));
    return when(value.equalTo(""), lit(null).cast(DataTypes.StringType)).otherwise(value);
  }

  private Contacts() {}
}
