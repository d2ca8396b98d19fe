package com.custseg.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import com.custseg.config.PrivacyConfig;
import com.custseg.config.PrivacyConfig.Mode;
import com.custseg.config.SourceConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Keeps personal data out of the tables analysts read: the PII columns of a table, and the PII fields inside the
 * JSON record of {@code rejects}, are dropped, masked or replaced by a keyed hash as {@link PrivacyConfig} says.
 */
public final class Privacy {
  static final String MASK = "****";
  /** What each letter or digit of a protected raw line becomes. */
  static final String LINE_MASK = "*";
  /** Phone values with fewer digits than this are masked like any text (first character + ****). */
  static final int PHONE_MIN_DIGITS = 8;
  private static final String WORK_MAP = "_record_map";

  /**
   * The JSON field names of a raw record that hold personal data (lower case): the PII field names themselves and
   * every source column the mapping of a PII field refers to (columns.phone = "手机" protects 手机). Raw lines
   * (records that are not JSON, e.g. a malformed CSV line as written) are protected when any source maps a PII field.
   */
  public record RecordKeys(Set<String> pii, Set<String> phone, boolean rawLines) {
    public RecordKeys {
      pii = Set.copyOf(pii);
      phone = Set.copyOf(phone);
    }
  }

  public static RecordKeys recordKeys(PrivacyConfig privacy, SourceConfig... sources) {
    Set<String> pii = new TreeSet<>(privacy.piiColumns());
    Set<String> phone = new TreeSet<>(privacy.phoneColumns());
    boolean rawLines = false;
    for (SourceConfig source : sources) {
      for (String field : privacy.piiColumns()) {
        String mapping = source.column(field);
        if (mapping != null) {
          rawLines = true;
          Set<String> referenced = referencedColumns(mapping);
          pii.addAll(referenced);
          if (privacy.isPhone(field)) {
            phone.addAll(referenced);
          }
        }
      }
    }
    return new RecordKeys(pii, phone, rawLines);
  }

  /** Drops, masks or hashes every PII column of {@code rows} (names compared case-insensitively). */
  public static Dataset<Row> withPersonalDataProtected(Dataset<Row> rows, PrivacyConfig privacy) {
    List<Column> out = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      Column c = col("`" + field.name() + "`");
      if (!privacy.isPii(field.name())) {
        out.add(c);
      } else if (privacy.mode() != Mode.DROP) {
        out.add(protectedValue(c, privacy.isPhone(field.name()), privacy).as(field.name()));
      }
    }
    return rows.select(out.toArray(Column[]::new));
  }

  /**
   * Protects the PII fields inside a column of JSON objects (one level, as {@code to_json} of a row writes them).
   * Records without such a field are left exactly as they were; protected ones are rewritten with every value as
   * JSON text. A record that is not a JSON object (a malformed CSV line, kept as written) cannot be split into
   * fields: when {@link RecordKeys#rawLines()}, every letter and digit of it is replaced by {@code *} in every mode,
   * so that its shape (delimiters, quotes, field count: what made it malformed) stays readable but no value does.
   */
  public static Dataset<Row> withRecordProtected(Dataset<Row> rows, String jsonColumn, RecordKeys keys,
      PrivacyConfig privacy) {
    Column map = col(WORK_MAP);
    Column rewritten = privacy.mode() == Mode.DROP
        ? map_filter(map, (k, v) -> not(isOneOf(k, keys.pii())))
        : transform_values(map, (k, v) -> when(isOneOf(k, keys.phone()), protectedValue(v, true, privacy))
            .when(isOneOf(k, keys.pii()), protectedValue(v, false, privacy))
            .otherwise(v));
    return rows
        .withColumn(WORK_MAP, from_json(col(jsonColumn),
            DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType)))
        .withColumn(jsonColumn, when(lit(keys.rawLines()).and(map.isNull()), lineShape(col(jsonColumn)))
            .when(exists(map_keys(map), k -> isOneOf(k, keys.pii())), to_json(rewritten))
            .otherwise(col(jsonColumn)))
        .drop(WORK_MAP);
  }

  /** {@code C7,"周九,139} → {@code **,"**,***}: letters and digits of any script masked, the rest kept. */
  static Column lineShape(Column line) {
    return regexp_replace(line, "[\\p{L}\\p{N}]", LINE_MASK);
  }

  /** The masked or hashed text of a value; null stays null. */
  static Column protectedValue(Column value, boolean phone, PrivacyConfig privacy) {
    Column text = value.cast(DataTypes.StringType);
    return switch (privacy.mode()) {
      case MASK -> phone ? maskedPhone(text) : maskedText(text);
      case HASH -> hmac(privacy).apply(text);
      case DROP -> throw new IllegalArgumentException("dropped columns have no value");
    };
  }

  /** 13812345678 → 138****5678, over the digits only; short values as any text. */
  static Column maskedPhone(Column text) {
    Column digits = regexp_replace(text, "\\D", "");
    return when(length(digits).geq(PHONE_MIN_DIGITS),
        concat(substring(digits, 1, 3), lit(MASK), substring(digits, -4, 4)))
        .otherwise(maskedText(text));
  }

  /** 张三 → 张****. */
  static Column maskedText(Column text) {
    return concat(substring(text, 1, 1), lit(MASK));
  }

  private static UserDefinedFunction hmac(PrivacyConfig privacy) {
    return org.apache.spark.sql.functions.udf(new HmacSha256(privacy.hashKey()), DataTypes.StringType)
        .withName("hmac_sha256");
  }

  private static Column isOneOf(Column key, Collection<String> names) {
    return names.isEmpty() ? lit(false) : lower(key).isin(names.toArray());
  }

  /** The column names a mapping expression refers to, lower case (the last part of a qualified name). */
  static Set<String> referencedColumns(String expression) {
    Set<String> names = new TreeSet<>();
    collectColumns(CatalystSqlParser$.MODULE$.parseExpression(expression), names);
    return names;
  }

  private static void collectColumns(Expression e, Set<String> names) {
    if (e instanceof UnresolvedAttribute a) {
      names.add(a.nameParts().last().toLowerCase(Locale.ROOT));
    }
    CollectionConverters.asJava(e.children()).forEach(child -> collectColumns(child, names));
  }

  private Privacy() {}
}
