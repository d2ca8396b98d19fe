package com.custseg.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A small query result as an aligned text table. Chinese (and other East Asian wide) characters take two columns
 * of a terminal, so widths are counted in terminal columns; numbers are right-aligned, NULL is written out.
 */
final class TextTable {

  static String format(String[] columns, List<Row> rows) {
    int n = columns.length;
    int[] widths = new int[n];
    boolean[] numeric = new boolean[n];
    List<String[]> cells = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      widths[c] = displayWidth(columns[c]);
      numeric[c] = true;
    }
    for (Row row : rows) {
      String[] line = new String[n];
      for (int c = 0; c < n; c++) {
        Object v = row.get(c);
        line[c] = v == null ? "NULL" : v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
        numeric[c] &= v == null || v instanceof Number;
        widths[c] = Math.max(widths[c], displayWidth(line[c]));
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, columns, widths, new boolean[n]);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < n; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
    }
    out.append(rule).append('\n');
    for (String[] line : cells) {
      appendLine(out, line, widths, numeric);
    }
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] values, int[] widths, boolean[] rightAligned) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < values.length; c++) {
      String pad = " ".repeat(widths[c] - displayWidth(values[c]));
      line.append(c == 0 ? "" : " | ").append(rightAligned[c] ? pad + values[c] : values[c] + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /** Terminal columns of a text: 2 for East Asian wide and full-width characters, else 1. */
  static int displayWidth(String s) {
    return s.codePoints().map(TextTable::width).sum();
  }

  private static int width(int cp) {
    boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
        || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    return wide ? 2 : 1;
  }

  private TextTable() {}
}
