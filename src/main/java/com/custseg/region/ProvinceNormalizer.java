package com.custseg.region;

import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.translate;

import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * The one rule that turns a raw province spelling into a lookup key, written twice side by side: in Java for the
 * mapping's aliases (normalised once, at load) and as a Spark column expression for the data. Both halves are built
 * from the same two constants, so they cannot drift apart; {@code ProvinceNormalizerTest} proves they agree.
 *
 * <p>The rule: remove every whitespace character anywhere in the string (ASCII whitespace, all Unicode space
 * separators including the full-width space U+3000 and the no-break space U+00A0, and the invisible U+200B, U+2060,
 * U+FEFF that copy-paste and CSV byte-order marks leave behind); fold full-width ASCII U+FF01–U+FF5E to its
 * half-width form; lower-case ASCII letters. Non-ASCII letters are left as they are: Spark's {@code lower} and
 * Java's {@code toLowerCase} disagree on some of them, and province names need no more.
 *
 * <p>Removing all whitespace also covers trimming. A null stays null; a blank string becomes empty, which no alias
 * is allowed to be, so it never matches.
 */
public final class ProvinceNormalizer {
  /** Characters removed anywhere in the value; a {@link java.util.regex} pattern, which is also Spark's engine. */
  public static final String WHITESPACE_REGEX = "[\\s\\p{Z}\\u0085\\u200B\\u2060\\uFEFF]";

  /** {@code FOLD_FROM.charAt(i)} becomes {@code FOLD_TO.charAt(i)}: full-width ASCII and A–Z to half-width lower. */
  static final String FOLD_FROM;
  static final String FOLD_TO;

  private static final Pattern WHITESPACE = Pattern.compile(WHITESPACE_REGEX);

  static {
    StringBuilder from = new StringBuilder();
    StringBuilder to = new StringBuilder();
    for (char c = '\uFF01'; c <= '\uFF5E'; c++) {
      from.append(c);
      to.append(lowerAscii((char) (c - 0xFEE0)));
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      from.append(c);
      to.append(lowerAscii(c));
    }
    FOLD_FROM = from.toString();
    FOLD_TO = to.toString();
  }

  /** The lookup key of one raw value, as the mapping stores it. */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String stripped = WHITESPACE.matcher(raw).replaceAll("");
    StringBuilder key = new StringBuilder(stripped.length());
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      int at = FOLD_FROM.indexOf(c);
      key.append(at >= 0 ? FOLD_TO.charAt(at) : c);
    }
    return key.toString();
  }

  /** The same key computed by Spark, with built-in functions only. */
  public static Column normalize(Column raw) {
    return translate(regexp_replace(raw, WHITESPACE_REGEX, ""), FOLD_FROM, FOLD_TO);
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private ProvinceNormalizer() {}
}
