package com.custseg.worklist;

import com.custseg.config.WorklistConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.spark.sql.Row;

/**
 * Writes one team's worklist rows, already in priority order, as CSV and XLSX while they stream past: a CSV line is
 * written per row, and the XLSX rows go through POI's streaming workbook (SXSSF), which keeps only the last
 * {@link #ROWS_IN_MEMORY} rows of each sheet in memory and flushes older ones to a temporary file. So a team of any
 * size is written in bounded driver memory. The XLSX has one sheet per action of the playbook, a bold frozen header
 * row and column widths fitted to the longest value (capped).
 */
final class WorklistFiles {
  static final int ROWS_IN_MEMORY = 100;
  private static final char BOM = '\uFEFF';
  private static final int MAX_WIDTH_CHARS = 60;

  /** The columns of an export in order, and the header of each. */
  record Layout(List<String> columns, List<String> headers) {}

  /** Counts what {@link #csv} wrote. */
  record CsvResult(long rows, long unencodable) {}

  /** The CSV: a BOM first when UTF-8, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
  static CsvResult csv(Iterator<Row> rows, Layout layout, Charset charset, OutputStream out) throws IOException {
    CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharsetEncoder check = charset.newEncoder();
    boolean utf8 = charset.equals(StandardCharsets.UTF_8);
    long n = 0;
    long unencodable = 0;
    Writer w = new BufferedWriter(new OutputStreamWriter(out, encoder));
    if (utf8) {
      w.write(BOM);
    }
    writeCsvLine(w, layout.headers());
    while (rows.hasNext()) {
      Row row = rows.next();
      List<String> fields = new ArrayList<>(layout.columns().size());
      for (String c : layout.columns()) {
        String text = text(row.getAs(c));
        if (!utf8 && !check.canEncode(text)) {
          unencodable++;
        }
        fields.add(text);
      }
      writeCsvLine(w, fields);
      n++;
    }
    w.flush();
    return new CsvResult(n, unencodable);
  }

  /**
   * The XLSX: one sheet per action ({@code sheets}: action code → sheet title, in order), every row on its action's
   * sheet. Returns the rows written.
   */
  static long xlsx(Iterator<Row> rows, Layout layout, Map<String, String> sheets, OutputStream out)
      throws IOException {
    SXSSFWorkbook workbook = new SXSSFWorkbook(ROWS_IN_MEMORY);
    workbook.setCompressTempFiles(true);
    try {
      Font bold = workbook.createFont();
      bold.setBold(true);
      CellStyle header = workbook.createCellStyle();
      header.setFont(bold);
      CellStyle money = workbook.createCellStyle();
      money.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
      CellStyle date = workbook.createCellStyle();
      date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
      Map<String, SXSSFSheet> byAction = new LinkedHashMap<>();
      Map<String, int[]> widths = new HashMap<>();
      Set<String> titles = new HashSet<>();
      for (Map.Entry<String, String> s : sheets.entrySet()) {
        String title = WorkbookUtil.createSafeSheetName(s.getValue());
        if (!titles.add(title)) {
          title = WorkbookUtil.createSafeSheetName(s.getKey());
          titles.add(title);
        }
        SXSSFSheet sheet = workbook.createSheet(title);
        SXSSFRow first = sheet.createRow(0);
        int[] width = new int[layout.columns().size()];
        for (int i = 0; i < layout.headers().size(); i++) {
          SXSSFCell cell = first.createCell(i);
          cell.setCellValue(layout.headers().get(i));
          cell.setCellStyle(header);
          width[i] = displayWidth(layout.headers().get(i));
        }
        sheet.createFreezePane(0, 1);
        byAction.put(s.getKey(), sheet);
        widths.put(s.getKey(), width);
      }
      long n = 0;
      while (rows.hasNext()) {
        Row row = rows.next();
        String action = row.getAs(ActionList.ACTION);
        SXSSFSheet sheet = byAction.get(action);
        if (sheet == null) {
          throw new IllegalStateException("action " + action + " has no sheet: the playbook lists " + sheets.keySet());
        }
        int[] width = widths.get(action);
        SXSSFRow r = sheet.createRow(sheet.getLastRowNum() + 1);
        for (int i = 0; i < layout.columns().size(); i++) {
          Object value = row.getAs(layout.columns().get(i));
          if (value == null) {
            continue;
          }
          SXSSFCell cell = r.createCell(i);
          if (value instanceof Number number && !(value instanceof BigDecimal)) {
            cell.setCellValue(number.doubleValue());
          } else if (value instanceof BigDecimal decimal) {
            cell.setCellValue(decimal.doubleValue());
            cell.setCellStyle(money);
          } else if (value instanceof java.sql.Date d) {
            cell.setCellValue(d.toLocalDate());
            cell.setCellStyle(date);
          } else if (value instanceof LocalDate d) {
            cell.setCellValue(d);
            cell.setCellStyle(date);
          } else {
            cell.setCellValue(String.valueOf(value));
          }
          width[i] = Math.max(width[i], displayWidth(text(value)));
        }
        n++;
      }
      for (Map.Entry<String, SXSSFSheet> s : byAction.entrySet()) {
        int[] width = widths.get(s.getKey());
        for (int i = 0; i < width.length; i++) {
          s.getValue().setColumnWidth(i, (Math.min(width[i], MAX_WIDTH_CHARS) + 2) * 256);
        }
      }
      workbook.write(out);
      return n;
    } finally {
      workbook.close();
      workbook.dispose(); // the temporary sheet files: they may hold contact details
    }
  }

  /** How a value reads in the CSV (and in a formatted XLSX cell): decimals as written, dates ISO, null empty. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    return String.valueOf(value);
  }

  /** Excel column width in characters: a CJK character takes two. */
  private static int displayWidth(String text) {
    int w = 0;
    for (int i = 0; i < text.length(); i++) {
      w += text.charAt(i) > 0x2E80 ? 2 : 1;
    }
    return w;
  }

  private static void writeCsvLine(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      String f = fields.get(i);
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        w.write('"');
        w.write(f.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(f);
      }
    }
    w.write("\r\n");
  }

  /** The charset's name as export_log records it. */
  static String encodingName(WorklistConfig.Export export) {
    return export.csvCharset().equals(StandardCharsets.UTF_8) ? "UTF-8 BOM" : export.csvCharset().name();
  }

  private WorklistFiles() {}
}
