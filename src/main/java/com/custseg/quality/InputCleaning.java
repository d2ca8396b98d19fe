package com.custseg.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.instr;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.custseg.config.CleaningConfig;
import com.custseg.config.ConfigException;
import com.custseg.config.SourceConfig;
import com.custseg.config.UnknownCustomerPolicy;
import com.custseg.io.CustomerColumns;
import com.custseg.io.SourceReader;
import com.custseg.io.TransactionColumns;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns a source table as exported into the job's typed columns, marking every row it cannot use with a
 * {@link RejectReason} in a working column instead of dropping it. {@link Quarantine} then splits kept from
 * rejected, so that kept + rejected = read always holds.
 */
public final class InputCleaning {
  private static final String RAW_DATE = "_raw_date";
  private static final String RAW_AMOUNT = "_raw_amount";
  private static final String RAW_CURRENCY = "_raw_currency";
  private static final String RATE = "_rate";
  private static final String RAW_RETURN = "_raw_return";
  private static final String RAW_QUANTITY = "_raw_quantity";
  private static final String RAW_DISCOUNT = "_raw_discount";
  private static final String RAW_LIST_PRICE = "_raw_list_price";
  private static final String LIST_PRICE = "_list_price";
  private static final String BAD_DISCOUNT = "_bad_discount";
  /** Unicode NFKC: full-width letters and digits (Ｃ００１) and ideographic spaces become their ASCII forms. */
  private static final UserDefinedFunction NFKC = udf(
      (UDF1<String, String>) v -> v == null ? null : Normalizer.normalize(v, Normalizer.Form.NFKC),
      DataTypes.StringType);
  static final String MALFORMED = "_malformed";
  static final String BAD_ENCODING = "_bad_encoding";
  static final String WALL_CLOCK = "_wall_clock";
  /** Logical field of the currency code of a transaction line. */
  public static final String CURRENCY = "currency";

  /** {@link #customers(Dataset, SourceConfig, String)} in the session's time zone. */
  public static Dataset<Row> customers(Dataset<Row> raw, SourceConfig source) {
    return customers(raw, source, sessionTimeZone(raw));
  }

  /**
   * Typed customers with {@code _record} and {@code _reject_reason}; duplicates of an id are marked. A signup time
   * stored as an instant counts on its date in {@code timeZone}.
   */
  public static Dataset<Row> customers(Dataset<Row> raw, SourceConfig source, String timeZone) {
    return customers(raw, source, timeZone, CleaningConfig.DEFAULT);
  }

  /** As {@link #customers(Dataset, SourceConfig, String)}, the ids folded as {@code cleaning} says. */
  public static Dataset<Row> customers(Dataset<Row> raw, SourceConfig source, String timeZone,
      CleaningConfig cleaning) {
    source.requireColumns(CustomerColumns.CUSTOMER_ID);
    Dataset<Row> mapped = project(raw, source, cleaning.normalizeIds(), List.of(
        CustomerColumns.CUSTOMER_ID, CustomerColumns.NAME, CustomerColumns.PHONE, CustomerColumns.CITY,
        CustomerColumns.INDUSTRY, CustomerColumns.COMPANY_SIZE, CustomerColumns.CHANNEL),
        List.of(new Derived(CustomerColumns.PROVINCE_RAW, source.column("province"), "columns.province"),
            new Derived(RAW_DATE, source.column(CustomerColumns.SIGNUP_DATE), "columns." + CustomerColumns.SIGNUP_DATE)));

    Column signup = parseDate(mapped, RAW_DATE, source.dateFormat(), timeZone);
    Dataset<Row> typed = mapped.withColumn(CustomerColumns.SIGNUP_DATE, signup);
    Column reason = when(col(BAD_ENCODING), reason(RejectReason.BAD_ENCODING))
        .when(col(MALFORMED), reason(RejectReason.MALFORMED_LINE))
        .when(col(CustomerColumns.CUSTOMER_ID).isNull(), reason(RejectReason.MISSING_CUSTOMER_ID))
        .when(isPresent(RAW_DATE).and(col(CustomerColumns.SIGNUP_DATE).isNull()), reason(RejectReason.BAD_DATE));
    Dataset<Row> withReason = typed.withColumn(RejectColumns.WORK_REASON, reason);

    // The first record of an id (in record order, so the choice is deterministic) is kept; an exact copy of it is a
    // duplicate (removed and counted), a different record under the same id a conflicting duplicate (rejected).
    // Partitioned by id: no global sort.
    var byId = Window.partitionBy(CustomerColumns.CUSTOMER_ID).orderBy(RejectColumns.WORK_RECORD);
    Column rank = row_number().over(byId);
    Column sameAsPrevious = lag(RejectColumns.WORK_RECORD, 1).over(byId).equalTo(col(RejectColumns.WORK_RECORD));
    Column duplicate = when(col(CustomerColumns.CUSTOMER_ID).isNotNull().and(rank.gt(1)),
        when(sameAsPrevious, lit(Quarantine.DUPLICATE)).otherwise(reason(RejectReason.DUPLICATE_CUSTOMER_ID)));
    return withReason
        .withColumn(RejectColumns.WORK_REASON,
            org.apache.spark.sql.functions.coalesce(col(RejectColumns.WORK_REASON), duplicate))
        .select(columns(CustomerColumns.SCHEMA.fieldNames(), RejectColumns.WORK_RECORD, RejectColumns.WORK_REASON,
            RejectColumns.WORK_ID_NORMALIZED));
  }

  /** {@link #transactions(Dataset, SourceConfig, String)} in the session's time zone. */
  public static Dataset<Row> transactions(Dataset<Row> raw, SourceConfig source) {
    return transactions(raw, source, sessionTimeZone(raw));
  }

  /**
   * Typed transactions with {@code _record} and {@code _reject_reason}; exact duplicate lines are marked. Order
   * times in text or without a time zone are wall-clock times in {@code timeZone}; order times stored as instants
   * (Parquet/Delta TIMESTAMP) fall on their date in {@code timeZone}. Both are explicit in the expressions, so the
   * result does not depend on the session's time zone.
   */
  public static Dataset<Row> transactions(Dataset<Row> raw, SourceConfig source, String timeZone) {
    return withDuplicatesMarked(checkedLines(raw, source, timeZone));
  }

  /**
   * The checks of {@link #transactions(Dataset, SourceConfig, String)} that look at one line alone: every reject
   * reason but the duplicate mark, which needs all lines compared (a shuffle and sort of the whole input). Lines
   * kept here and lines kept after {@link #withDuplicatesMarked} differ only by exact copies of kept lines, so
   * figures such as the latest order date can be taken from these lines without the comparison.
   */
  public static Dataset<Row> checkedLines(Dataset<Row> raw, SourceConfig source, String timeZone) {
    return checkedLines(raw, source, timeZone, CleaningConfig.DEFAULT);
  }

  /** As {@link #checkedLines(Dataset, SourceConfig, String)}, the ids folded as {@code cleaning} says. */
  public static Dataset<Row> checkedLines(Dataset<Row> raw, SourceConfig source, String timeZone,
      CleaningConfig cleaning) {
    source.requireColumns(TransactionColumns.ORDER_ID, TransactionColumns.CUSTOMER_ID, "order_time",
        TransactionColumns.AMOUNT);
    String returnWhen = source.returnWhen().isEmpty() ? null : source.returnWhen();
    Dataset<Row> mapped = project(raw, source, cleaning.normalizeIds(), List.of(
        TransactionColumns.ORDER_ID, TransactionColumns.CUSTOMER_ID, TransactionColumns.CATEGORY,
        TransactionColumns.BRAND, TransactionColumns.PROVINCE, TransactionColumns.PRODUCT),
        List.of(new Derived(RAW_DATE, source.column("order_time"), "columns.order_time"),
            new Derived(RAW_AMOUNT, source.column(TransactionColumns.AMOUNT), "columns." + TransactionColumns.AMOUNT),
            new Derived(RAW_CURRENCY, source.column(CURRENCY), "columns." + CURRENCY),
            new Derived(RAW_RETURN, returnWhen, "return-when"),
            derived(source, RAW_QUANTITY, TransactionColumns.QUANTITY),
            derived(source, RAW_DISCOUNT, TransactionColumns.DISCOUNT),
            derived(source, RAW_LIST_PRICE, TransactionColumns.LIST_PRICE)));

    OrderTime time = parseTimestamp(mapped, RAW_DATE, source.timestampFormat(), timeZone);
    Dataset<Row> typed = mapped
        .withColumn(WALL_CLOCK, time.wallClock())
        .withColumn(RATE, rateToBase(col(RAW_CURRENCY), source.currency()))
        .withColumn(TransactionColumns.AMOUNT, parseAmount(mapped, RAW_AMOUNT))
        .withColumn(TransactionColumns.AMOUNT, org.apache.spark.sql.functions.round(
            col(TransactionColumns.AMOUNT).multiply(col(RATE)), 2).cast(TransactionColumns.MONEY))
        .withColumn(TransactionColumns.ORDER_TS, time.instant())
        .withColumn(TransactionColumns.ORDER_DATE, time.date())
        .withColumn(TransactionColumns.IS_RETURN, col(TransactionColumns.AMOUNT).lt(0)
            .or(org.apache.spark.sql.functions.coalesce(col(RAW_RETURN).cast(DataTypes.BooleanType), lit(false))))
        // A return nets against purchases whatever sign the export gave it (refund rows often carry the paid amount).
        .withColumn(TransactionColumns.AMOUNT, when(col(TransactionColumns.IS_RETURN),
            org.apache.spark.sql.functions.negate(org.apache.spark.sql.functions.abs(col(TransactionColumns.AMOUNT))))
            .otherwise(col(TransactionColumns.AMOUNT)))
        .transform(lines -> withQuantityAndDiscount(lines, source));

    Column reason = when(col(BAD_ENCODING), reason(RejectReason.BAD_ENCODING))
        .when(col(MALFORMED), reason(RejectReason.MALFORMED_LINE))
        .when(col(TransactionColumns.CUSTOMER_ID).isNull(), reason(RejectReason.MISSING_CUSTOMER_ID))
        .when(col(TransactionColumns.ORDER_ID).isNull(), reason(RejectReason.MISSING_ORDER_ID))
        .when(col(TransactionColumns.ORDER_TS).isNull(), reason(RejectReason.BAD_DATE))
        .when(col(RATE).isNull(), reason(RejectReason.UNKNOWN_CURRENCY))
        .when(col(TransactionColumns.AMOUNT).isNull(), reason(RejectReason.BAD_AMOUNT))
        .when(isPresent(RAW_QUANTITY).and(col(TransactionColumns.QUANTITY).isNull()
            .or(col(TransactionColumns.QUANTITY).leq(0).and(not(col(TransactionColumns.IS_RETURN))))),
            reason(RejectReason.BAD_QUANTITY))
        .when(col(BAD_DISCOUNT), reason(RejectReason.BAD_DISCOUNT));
    return typed.withColumn(RejectColumns.WORK_REASON, reason)
        .select(columns(TransactionColumns.SCHEMA.fieldNames(), RejectColumns.WORK_RECORD, RejectColumns.WORK_REASON,
            RejectColumns.WORK_ID_NORMALIZED));
  }

  /**
   * Lines of {@link #checkedLines} without a reject reason that are an exact copy of an earlier line (the same
   * source record) marked {@link Quarantine#DUPLICATE}: the first copy is kept. Rejected lines keep their reason.
   *
   * <p>Copies of a record have the same customer id (it is read from the record), so the lines are shuffled once by
   * customer id, the partitioning the check against the customers (a join on the id) and the per-customer
   * aggregations need, and compared within it. The copies of a record are grouped by the whole record, so the
   * count is exact; the record's hash before it in the sort key makes that sort compare longs, not the records'
   * JSON text, which starts with the same characters on every line.
   */
  public static Dataset<Row> withDuplicatesMarked(Dataset<Row> lines) {
    return withDuplicatesMarked(lines, CleaningConfig.Duplicates.DROP_EXACT);
  }

  /**
   * As {@link #withDuplicatesMarked(Dataset)}, with the lines that count as copies chosen by {@code policy}: exact
   * copies, none, or lines with the same key columns as another (the one whose record sorts first is kept). Only
   * lines without a reject reason are compared, so a rejected line never hides a good one.
   */
  public static Dataset<Row> withDuplicatesMarked(Dataset<Row> lines, CleaningConfig.Duplicates policy) {
    Dataset<Row> byCustomer = lines.repartition(col(TransactionColumns.CUSTOMER_ID));
    if (policy.mode() == CleaningConfig.Duplicates.Mode.KEEP) {
      return byCustomer;
    }
    Column record = col(RejectColumns.WORK_RECORD);
    Column good = col(RejectColumns.WORK_REASON).isNull();
    List<Column> key = new ArrayList<>(List.of(col(TransactionColumns.CUSTOMER_ID), good));
    if (policy.mode() == CleaningConfig.Duplicates.Mode.KEY) {
      policy.keyColumns().forEach(c -> key.add(col(c)));
    } else {
      key.add(xxhash64(record));
      key.add(record);
    }
    Column copy = row_number().over(Window.partitionBy(key.toArray(Column[]::new)).orderBy(record)).gt(1);
    return byCustomer
        .withColumn(RejectColumns.WORK_REASON, org.apache.spark.sql.functions.coalesce(
            col(RejectColumns.WORK_REASON), when(copy, lit(Quarantine.DUPLICATE))));
  }

  /**
   * Marks the checks that need the snapshot date and the kept customers: lines dated on or after the snapshot, and
   * lines of customers not in the customers table.
   *
   * @param customerIds one column, {@code customer_id}, of the kept customers (distinct)
   */
  public static Dataset<Row> withSnapshotChecks(Dataset<Row> transactions, LocalDate asOf, Dataset<Row> customerIds) {
    return withSnapshotChecks(transactions, asOf, customerIds, UnknownCustomerPolicy.QUARANTINE);
  }

  /**
   * As {@link #withSnapshotChecks(Dataset, LocalDate, Dataset)}; with {@link UnknownCustomerPolicy#CREATE_MINIMAL_CUSTOMER}
   * lines of unknown customers are kept (see {@link #minimalCustomers}).
   */
  public static Dataset<Row> withSnapshotChecks(Dataset<Row> transactions, LocalDate asOf, Dataset<Row> customerIds,
      UnknownCustomerPolicy unknownCustomers) {
    String known = "_known_customer";
    Dataset<Row> ids = customerIds.select(col(CustomerColumns.CUSTOMER_ID), lit(true).as(known));
    Dataset<Row> joined = transactions.join(ids,
        transactions.col(TransactionColumns.CUSTOMER_ID).equalTo(ids.col(CustomerColumns.CUSTOMER_ID)), "left");
    Column unknown = unknownCustomers == UnknownCustomerPolicy.QUARANTINE ? col(known).isNull() : lit(false);
    Column reason = org.apache.spark.sql.functions.coalesce(col(RejectColumns.WORK_REASON),
        when(col(TransactionColumns.ORDER_DATE).geq(lit(java.sql.Date.valueOf(asOf))),
            reason(RejectReason.AFTER_SNAPSHOT))
            .when(unknown, reason(RejectReason.UNKNOWN_CUSTOMER)));
    return joined.withColumn(RejectColumns.WORK_REASON, reason)
        .drop(ids.col(CustomerColumns.CUSTOMER_ID)).drop(known);
  }

  /**
   * Customers that only kept transactions name, as rows of {@link CustomerColumns#SCHEMA} holding the id and, when
   * the transactions map a province (or country), the one of the customer's latest line that has one (ties: the
   * alphabetically last); other fields null: added to the customers under
   * {@link UnknownCustomerPolicy#CREATE_MINIMAL_CUSTOMER}, and all the customers of an order-only export.
   */
  public static Dataset<Row> minimalCustomers(Dataset<Row> transactionsKept, Dataset<Row> customersKept) {
    String knownId = "_known_customer_id";
    Column province = col(TransactionColumns.PROVINCE);
    Dataset<Row> ids = transactionsKept.groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(org.apache.spark.sql.functions.max_by(province, when(province.isNotNull(),
            struct(col(TransactionColumns.ORDER_TS), province))).as(TransactionColumns.PROVINCE))
        .join(customersKept.select(col(CustomerColumns.CUSTOMER_ID).as(knownId)),
            col(TransactionColumns.CUSTOMER_ID).equalTo(col(knownId)), "left_anti");
    List<Column> out = new ArrayList<>();
    for (var field : CustomerColumns.SCHEMA.fields()) {
      out.add(field.name().equals(CustomerColumns.CUSTOMER_ID) ? col(TransactionColumns.CUSTOMER_ID)
          : field.name().equals(CustomerColumns.PROVINCE_RAW) ? col(TransactionColumns.PROVINCE).as(field.name())
          : lit(null).cast(field.dataType()).as(field.name()));
    }
    return ids.select(out.toArray(Column[]::new));
  }

  /**
   * The checked customers of an order-only export (segmentation.input.customers.path empty): none, in the shape of
   * {@link #customers}: every customer is then derived from the transactions ({@link #minimalCustomers}).
   */
  public static Dataset<Row> noCustomers(org.apache.spark.sql.SparkSession spark) {
    return spark.createDataFrame(List.of(), CustomerColumns.SCHEMA)
        .withColumn(RejectColumns.WORK_RECORD, lit(null).cast(DataTypes.StringType))
        .withColumn(RejectColumns.WORK_REASON, lit(null).cast(DataTypes.StringType))
        .withColumn(RejectColumns.WORK_ID_NORMALIZED, lit(false));
  }

  /** Net spend of a customer in {@link #customersWithNetSpendAtMostZero}. */
  public static final String NET_SPEND = "net_spend";

  /**
   * Customers whose kept lines net to zero or less (returns at least as large as purchases): kept like every other
   * customer, and counted in the quality report so that a wrong return marker shows up.
   */
  public static Dataset<Row> customersWithNetSpendAtMostZero(Dataset<Row> transactionsKept) {
    return transactionsKept.groupBy(col(TransactionColumns.CUSTOMER_ID))
        .agg(org.apache.spark.sql.functions.sum(col(TransactionColumns.AMOUNT)).as(NET_SPEND))
        .filter(col(NET_SPEND).leq(0));
  }

  /**
   * The optional buying-motive fields of a line: quantity (a return's counts as positive units), discount (as
   * mapped, or from the unit list price: list_price x units − amount, at least 0) in the base currency, and whether
   * a mapped discount or list price is not a number or negative ({@link #BAD_DISCOUNT}). A blank mapped value is no
   * discount (0) and one unit.
   */
  private static Dataset<Row> withQuantityAndDiscount(Dataset<Row> lines, SourceConfig source) {
    boolean discountMapped = source.column(TransactionColumns.DISCOUNT) != null;
    boolean listPriceMapped = source.column(TransactionColumns.LIST_PRICE) != null;
    Column parsed = parseNumber(lines, RAW_QUANTITY, TransactionColumns.UNITS);
    Column units = org.apache.spark.sql.functions.abs(parsed);
    // A purchase keeps its sign, so that zero or negative units are rejected; a return's units count as positive.
    Column quantity = source.column(TransactionColumns.QUANTITY) == null
        ? lit(null).cast(TransactionColumns.UNITS)
        : when(isPresent(RAW_QUANTITY), when(col(TransactionColumns.IS_RETURN), units).otherwise(parsed));
    Column rate = col(RATE);
    Column given = round(parseAmount(lines, RAW_DISCOUNT).multiply(rate), 2).cast(TransactionColumns.MONEY);
    Column listPrice = parseAmount(lines, RAW_LIST_PRICE).multiply(rate);
    Column fromList = org.apache.spark.sql.functions.greatest(lit(BigDecimal.ZERO),
        round(col(LIST_PRICE).multiply(coalesce(units, lit(BigDecimal.ONE)))
            .minus(org.apache.spark.sql.functions.abs(col(TransactionColumns.AMOUNT))), 2))
        .cast(TransactionColumns.MONEY);
    Column discount = discountMapped
        ? when(isPresent(RAW_DISCOUNT), given).otherwise(lit(BigDecimal.ZERO).cast(TransactionColumns.MONEY))
        : listPriceMapped
        ? when(isPresent(RAW_LIST_PRICE), fromList).otherwise(lit(BigDecimal.ZERO).cast(TransactionColumns.MONEY))
        : lit(null).cast(TransactionColumns.MONEY);
    Column badDiscount = lit(false);
    if (discountMapped) {
      badDiscount = isPresent(RAW_DISCOUNT).and(coalesce(given.lt(0), lit(true)));
    } else if (listPriceMapped) {
      badDiscount = isPresent(RAW_LIST_PRICE).and(coalesce(col(LIST_PRICE).leq(0), lit(true)));
    }
    return lines.withColumn(TransactionColumns.QUANTITY, quantity)
        .withColumn(LIST_PRICE, listPrice)
        .withColumn(TransactionColumns.DISCOUNT, discount)
        .withColumn(BAD_DISCOUNT, badDiscount);
  }

  /** A working column of an optional field: null text when the source does not map it. */
  private static Derived derived(SourceConfig source, String name, String field) {
    return new Derived(name, source.column(field), "columns." + field);
  }

  /** A working column computed from a mapped expression; {@code key} names its setting in messages. */
  record Derived(String name, String expression, String key) {}

  /** Maps each logical field to its configured expression (null when unmapped) and keeps the raw row as JSON. */
  private static Dataset<Row> project(Dataset<Row> raw, SourceConfig source, boolean normalizeIds,
      List<String> stringFields, List<Derived> derived) {
    return project(raw, source, normalizeIds, stringFields, derived, List.of());
  }

  /** As above, ids folded; the source columns {@code notInRecord} (free text) are left out of the raw row's JSON. */
  static Dataset<Row> project(Dataset<Row> raw, SourceConfig source, List<String> stringFields,
      List<Derived> derived, List<String> notInRecord) {
    return project(raw, source, true, stringFields, derived, notInRecord);
  }

  private static Dataset<Row> project(Dataset<Row> raw, SourceConfig source, boolean normalizeIds,
      List<String> stringFields, List<Derived> derived, List<String> notInRecord) {
    List<Column> out = new ArrayList<>();
    Column idChanged = lit(false);
    for (String field : stringFields) {
      Column value = blankToNull(mappedExpr(raw, source, "columns." + field, source.column(field)));
      if (field.equals(CustomerColumns.CUSTOMER_ID) && normalizeIds) {
        Column folded = blankToNull(NFKC.apply(value));
        idChanged = not(value.eqNullSafe(folded));
        value = folded;
      }
      out.add(value.as(field));
    }
    out.add(idChanged.as(RejectColumns.WORK_ID_NORMALIZED));
    for (Derived d : derived) {
      out.add(d.expression() == null ? lit(null).cast(DataTypes.StringType).as(d.name())
          : mappedExpr(raw, source, d.key(), d.expression()).as(d.name()));
    }
    Column[] sourceColumns = Arrays.stream(raw.columns()).filter(c -> !c.equals(SourceReader.CORRUPT_RECORD))
        .filter(c -> !notInRecord.contains(c))
        .map(c -> col("`" + c + "`")).toArray(Column[]::new);
    Column record = to_json(struct(sourceColumns));
    Column malformed = lit(false);
    if (Arrays.asList(raw.columns()).contains(SourceReader.CORRUPT_RECORD)) {
      // A malformed line is kept as the text the source wrote, not as the half-parsed fields.
      record = org.apache.spark.sql.functions.coalesce(col(SourceReader.CORRUPT_RECORD), record);
      malformed = col(SourceReader.CORRUPT_RECORD).isNotNull();
    }
    out.add(record.as(RejectColumns.WORK_RECORD));
    out.add(malformed.as(MALFORMED));
    out.add(badEncoding(raw, notInRecord).as(BAD_ENCODING));
    return raw.select(out.toArray(Column[]::new));
  }

  /**
   * Whether a row holds bytes that are no text in the declared encoding: decoded as U+FFFD, or, read as they are,
   * invalid UTF-8. Such a line is rejected whole, never kept with garbled fields. The fields of the record are
   * checked one by one (the malformed line's text too): the same answer as checking the record's JSON, without
   * building it for the rows that are kept.
   */
  private static Column badEncoding(Dataset<Row> raw, List<String> notInRecord) {
    Column bad = lit(false);
    for (var field : raw.schema().fields()) {
      if (notInRecord.contains(field.name())) {
        continue;
      }
      Column value = col("`" + field.name() + "`");
      DataType type = field.dataType();
      Column text;
      if (type instanceof StringType) {
        text = value;
      } else if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
        text = to_json(value); // nested text, as the record's JSON holds it
      } else {
        continue; // numbers, dates, booleans, binary: no text to decode
      }
      bad = bad.or(coalesce(instr(text, "\uFFFD").gt(0).or(not(is_valid_utf8(text))), lit(false)));
    }
    return bad;
  }

  /** Resolves a mapped expression against the source schema now, so that a wrong mapping fails before any job. */
  private static Column mappedExpr(Dataset<Row> raw, SourceConfig source, String key, String expression) {
    if (expression == null) {
      return lit(null).cast(DataTypes.StringType);
    }
    try {
      raw.select(expr(expression)).schema();
    } catch (Exception e) { // AnalysisException is thrown undeclared by Scala code
      throw new ConfigException(source.key() + "." + key + " = \"" + expression
          + "\" does not resolve against the source columns " + Arrays.toString(raw.columns()) + ": "
          + firstLine(e.getMessage()), e);
    }
    return expr(expression);
  }

  private static Column blankToNull(Column c) {
    Column s = org.apache.spark.sql.functions.trim(c.cast(DataTypes.StringType));
    return when(s.equalTo(""), lit(null).cast(DataTypes.StringType)).otherwise(s);
  }

  static Column isPresent(String rawColumn) {
    return col(rawColumn).isNotNull().and(org.apache.spark.sql.functions.trim(col(rawColumn).cast("string")).notEqual(""));
  }

  private static Column parseDate(Dataset<Row> mapped, String rawColumn, String format, String timeZone) {
    DataType type = mapped.schema().apply(rawColumn).dataType();
    if (type instanceof StringType) {
      return expr("try_to_date(trim(" + rawColumn + "), " + sqlString(format) + ")");
    }
    if (type instanceof TimestampType) {
      return dateIn(expr(rawColumn), timeZone);
    }
    return expr("try_cast(" + rawColumn + " AS DATE)");
  }

  /**
   * The instant of an order line and the date it counts on, computed from {@code wallClock} (a working column, so
   * that the parse is not repeated in each expression); wallClock is null for sources that store instants.
   */
  record OrderTime(Column wallClock, Column instant, Column date) {}

  /**
   * Text is parsed with {@code format} into a wall-clock time (the parse and its conversion back to wall-clock time
   * use the same zone, so the session's zone cancels out); wall-clock times (text, TIMESTAMP_NTZ, DATE) are placed
   * in {@code timeZone} and count on their own date; instants (TIMESTAMP, numbers of seconds) count on their date in
   * {@code timeZone}.
   */
  static OrderTime parseTimestamp(Dataset<Row> mapped, String rawColumn, String format, String timeZone) {
    DataType type = mapped.schema().apply(rawColumn).dataType();
    String wallClock;
    if (type instanceof StringType) {
      wallClock = "CAST(try_to_timestamp(trim(" + rawColumn + "), " + sqlString(format) + ") AS TIMESTAMP_NTZ)";
    } else if (type instanceof TimestampNTZType || type instanceof DateType) {
      wallClock = "CAST(" + rawColumn + " AS TIMESTAMP_NTZ)";
    } else {
      Column instant = expr("try_cast(" + rawColumn + " AS TIMESTAMP)");
      return new OrderTime(lit(null).cast(DataTypes.TimestampNTZType), instant, dateIn(instant, timeZone));
    }
    String w = WALL_CLOCK;
    Column instant = expr("make_timestamp(year(" + w + "), month(" + w + "), day(" + w + "), hour(" + w + "), minute("
        + w + "), extract(SECOND FROM " + w + "), " + sqlString(timeZone) + ")");
    return new OrderTime(expr(wallClock), instant, col(w).cast(DataTypes.DateType));
  }

  private static String sqlString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The date of an instant in {@code timeZone}, whatever the session's zone: from_utc_timestamp shifts the instant
   * by the zone's offset, and the shifted microseconds are counted in whole days since the epoch.
   */
  static Column dateIn(Column instant, String timeZone) {
    Column shifted = org.apache.spark.sql.functions.unix_micros(
        org.apache.spark.sql.functions.from_utc_timestamp(instant, timeZone));
    return org.apache.spark.sql.functions.date_from_unix_date(
        org.apache.spark.sql.functions.floor(shifted.divide(MICROS_PER_DAY)).cast(DataTypes.IntegerType));
  }

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private static String sessionTimeZone(Dataset<Row> raw) {
    return raw.sparkSession().conf().get("spark.sql.session.timeZone");
  }

  /**
   * The factor that converts a line's amount into the base currency: 1 for the base currency or a blank code, the
   * configured rate for a listed code, null (rejected) for any other code.
   */
  static Column rateToBase(Column currencyCode, SourceConfig.Currency currency) {
    Column code = org.apache.spark.sql.functions.upper(org.apache.spark.sql.functions.trim(currencyCode));
    Column rate = when(code.isNull().or(code.equalTo("")).or(code.equalTo(currency.base())), lit(BigDecimal.ONE));
    for (var e : currency.rates().entrySet()) {
      rate = rate.when(code.equalTo(e.getKey()), lit(e.getValue()));
    }
    return rate;
  }

  /** Text amounts may carry currency signs, thousands separators and spaces (as exports write them). */
  private static Column parseAmount(Dataset<Row> mapped, String rawColumn) {
    return parseNumber(mapped, rawColumn, TransactionColumns.MONEY);
  }

  /** A number of {@code type} from text (currency signs, separators and spaces removed) or any numeric type. */
  private static Column parseNumber(Dataset<Row> mapped, String rawColumn, DataType type) {
    DataType rawType = mapped.schema().apply(rawColumn).dataType();
    if (rawType instanceof StringType) {
      return expr("try_cast(regexp_replace(" + rawColumn + ", '[\\\\s,¥￥$]', '') AS " + type.sql() + ")");
    }
    return expr("try_cast(" + rawColumn + " AS " + type.sql() + ")");
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  static Column reason(RejectReason r) {
    return lit(r.name());
  }

  private static Column[] columns(String[] names, String... extra) {
    List<Column> cols = new ArrayList<>();
    for (String n : names) {
      cols.add(col(n));
    }
    for (String n : extra) {
      cols.add(col(n));
    }
    return cols.toArray(Column[]::new);
  }

  private InputCleaning() {}
}
