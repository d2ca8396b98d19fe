package com.custseg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

  @Test
  void splitsAtSemicolonsOutsideStringsQuotedNamesAndComments() {
    String script = String.join("\n",
        "-- a comment; not a statement",
        "SELECT 'a;b', \"c;d\", `e;f` FROM t;",
        "/* block; comment */ SELECT 'it\\'s;' FROM t;",
        "/* only a comment */ ;",
        "-- a comment; then",
        "SELECT 1");

    assertThat(SqlStatements.split(script)).containsExactly(
        "-- a comment; not a statement\nSELECT 'a;b', \"c;d\", `e;f` FROM t",
        "/* block; comment */ SELECT 'it\\'s;' FROM t",
        "-- a comment; then\nSELECT 1");
  }

  @Test
  void aBufferHandsOutAStatementWhenItsSemicolonArrives() {
    SqlStatements.Buffer buffer = new SqlStatements.Buffer();

    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.add("SELECT region_code")).isEmpty();
    assertThat(buffer.isEmpty()).isFalse();
    assertThat(buffer.add("FROM t; SELECT 2;")).containsExactly("SELECT region_code\nFROM t", "SELECT 2");
    assertThat(buffer.isEmpty()).isTrue();
    assertThat(buffer.add("-- just a comment")).isEqualTo(List.of());
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void wideCharactersTakeTwoColumns() {
    assertThat(TextTable.displayWidth("华东")).isEqualTo(4);
    assertThat(TextTable.displayWidth("east")).isEqualTo(4);
    assertThat(TextTable.displayWidth("高价值 vip")).isEqualTo(10);
  }
}
