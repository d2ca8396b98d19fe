package com.custseg.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at each {@code ;} that is not inside a string, a quoted identifier or a comment.
 * Statements holding only comments are skipped.
 */
final class SqlStatements {

  /** Complete statements, and the text after the last {@code ;} (a statement still being typed). */
  record Split(List<String> statements, String rest) {}

  /** Every statement of a script; the last one needs no {@code ;}. */
  static List<String> split(String script) {
    Split split = complete(script);
    List<String> all = new ArrayList<>(split.statements());
    if (hasCode(split.rest())) {
      all.add(split.rest().trim());
    }
    return all;
  }

  static Split complete(String text) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuoted(text, i, c);
      } else if (c == '-' && next == '-') {
        int eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length() : eol + 1;
      } else if (c == '/' && next == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else {
        if (c == ';') {
          String statement = text.substring(start, i);
          if (hasCode(statement)) {
            statements.add(statement.trim());
          }
          start = i + 1;
        }
        i++;
      }
    }
    return new Split(statements, text.substring(Math.min(start, text.length())));
  }

  /** Whether the text holds anything but blanks and comments. */
  static boolean hasCode(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        int eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length() : eol + 1;
      } else if (c == '/' && next == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        return true;
      }
    }
    return false;
  }

  /** Index after the closing quote; a backslash escapes the next character in strings (Spark SQL's default). */
  private static int endOfQuoted(String text, int open, char quote) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return text.length();
  }

  /** Lines typed one by one: hands out each statement once its {@code ;} arrives. */
  static final class Buffer {
    private final StringBuilder text = new StringBuilder();

    List<String> add(String line) {
      text.append(line).append('\n');
      Split split = complete(text.toString());
      text.setLength(0);
      text.append(split.rest());
      return split.statements();
    }

    boolean isEmpty() {
      return !hasCode(text.toString());
    }

    String rest() {
      return text.toString();
    }
  }

  private SqlStatements() {}
}
