package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.ConfigException;
import com.custseg.config.JobConfig;
import com.custseg.testing.AnalystRun;
import com.custseg.testing.TestSpark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job with two teams on the analyst export (AnalystRun's customers, full of personal data). The playbook
 * reads the RFM columns only, so every value is computed by hand: frequency >= 3 → account manager (C7 4 orders
 * 5,000.00; C8 3 orders 600.00), other buyers → nurture (C3 1,234.56; C2 300.00; C1 130.00; C4 80.00), C5 (no
 * purchase) → none. Priority = monetary. east_north (east + north, contacts): C8, C2, C4; south_agent (south +
 * southwest, no contacts): C7, C3, C1. Headers from the bundled 纷享销客 template.
 */
class WorklistPipelineTest {
  private static final String SNAPSHOT = AnalystRun.SNAPSHOT;
  private static final String PLAYBOOK = """
      segmentation.playbook {
        actions = [
          { code = "assign_account_manager", name = "分配专属客户经理", when = "frequency >= 3", cadence-days = 7,
            channel = "电话", offer = "{value_tier_name}客户专属服务", priority = "monetary" }
          { code = "nurture", name = "培育", when = "is_buyer", cadence-days = 30, channel = "企业微信",
            offer = "新品推荐", priority = "monetary" }
        ]
        default { code = "none", name = "无需行动" }
      }
      """;
  private static final String TEAMS = """
      segmentation.teams {
        list = [
          { code = "east_north", name = "华东华北团队", regions = ["east", "north"], contacts = true }
          { code = "south_agent", name = "华南代理", regions = ["south", "southwest"] }
        ]
        default-team = "east_north"
      }
      segmentation.export.crm-template = "conf/crm/fxiaoke.conf"
      segmentation.input.customers.columns.email = "email"
      """;

  @TempDir
  static Path dir;
  private static Path out;
  private static JobConfig config;

  @BeforeAll
  static void runTwice() throws IOException {
    Path conf = dir.resolve("worklists.conf");
    Files.writeString(conf, PLAYBOOK + TEAMS);
    out = dir.resolve("out");
    config = AnalystRun.config(out, name -> null, "--config", conf.toString());
    SegmentationPipeline.run(TestSpark.session(), config);
  }

  private static Path file(String team, String ext) {
    return out.resolve("export").resolve(SNAPSHOT).resolve(team).resolve("worklist_" + team + "_" + SNAPSHOT + "."
        + ext);
  }

  /** The CSV's lines split into fields (the test data holds no quotes, commas only inside quoted reasons). */
  private static List<List<String>> csv(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (char c : line.toCharArray()) {
        if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          fields.add(f.toString());
          f.setLength(0);
        } else {
          f.append(c);
        }
      }
      fields.add(f.toString());
      rows.add(fields);
    }
    return rows;
  }

  /** Each sheet of the workbook as formatted cell text, header row first. */
  private static Map<String, List<List<String>>> xlsx(Path file) throws IOException {
    Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
    DataFormatter format = new DataFormatter();
    try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
      for (Sheet sheet : wb) {
        List<List<String>> rows = new ArrayList<>();
        int width = sheet.getRow(0).getLastCellNum();
        sheet.forEach(r -> {
          List<String> cells = new ArrayList<>();
          for (int i = 0; i < width; i++) {
            cells.add(r.getCell(i) == null ? "" : format.formatCellValue(r.getCell(i)));
          }
          rows.add(cells);
        });
        assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
        sheets.put(sheet.getSheetName(), rows);
      }
    }
    return sheets;
  }

  private static List<String> column(List<List<String>> rows, String header) {
    int i = rows.get(0).indexOf(header);
    return rows.subList(1, rows.size()).stream().map(r -> r.get(i)).toList();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta").load(out.resolve(name).toString());
  }

  @Test
  void eachTeamsFilesHoldExactlyItsCustomersInPriorityOrder() throws IOException {
    List<List<String>> east = csv(file("east_north", "csv"));
    List<List<String>> south = csv(file("south_agent", "csv"));

    assertThat(column(east, "客户编号")).containsExactly("C8", "C2", "C4");
    assertThat(column(east, "优先级排名")).containsExactly("1", "2", "3");
    assertThat(column(east, "优先级分值")).containsExactly("600.00", "300.00", "80.00");
    assertThat(column(east, "任务类型编码")).containsExactly("assign_account_manager", "nurture", "nurture");
    assertThat(column(east, "截止日期")).containsExactly("2025-01-08", "2025-01-31", "2025-01-31");
    assertThat(column(south, "客户编号")).containsExactly("C7", "C3", "C1");
    assertThat(column(south, "负责部门")).containsOnly("华南代理");
    assertThat(Fixtures.sortedIds(table("action_list"))).containsExactly("C1", "C2", "C3", "C4", "C7", "C8");
  }

  @Test
  void contactDetailsAppearOnlyInTheExportsOfTeamsAllowedThemAndInNoTable() throws IOException {
    List<List<String>> east = csv(file("east_north", "csv"));
    List<List<String>> south = csv(file("south_agent", "csv"));

    assertThat(column(east, "联系人姓名")).containsExactly("吴十", "李四", "赵六");
    assertThat(column(east, "手机")).containsExactly("13922223333", "13900002222", "18600004444");
    assertThat(south.get(0)).doesNotContain("联系人姓名", "手机", "邮箱");
    String southText = Files.readString(file("south_agent", "csv")) + xlsx(file("south_agent", "xlsx"));
    assertThat(AnalystRun.PII_VALUES).noneMatch(southText::contains);
    assertThat(table("action_list").columns()).doesNotContain("name", "phone", "email");
    for (String t : List.of("action_list", "export_log")) {
      String all = table(t).toJSON().collectAsList().toString();
      assertThat(AnalystRun.PII_VALUES).as(t).noneMatch(all::contains);
    }
  }

  @Test
  void theXlsxOpensWithPoiAndMatchesTheCsvCellForCellOneSheetPerAction() throws IOException {
    for (String team : List.of("east_north", "south_agent")) {
      List<List<String>> csv = csv(file(team, "csv"));
      Map<String, List<List<String>>> sheets = xlsx(file(team, "xlsx"));

      assertThat(sheets.keySet()).containsExactly("分配专属客户经理", "培育");
      int action = csv.get(0).indexOf("任务类型编码");
      for (Map.Entry<String, String> s : Map.of("分配专属客户经理", "assign_account_manager", "培育", "nurture")
          .entrySet()) {
        List<List<String>> expected = new ArrayList<>(List.of(csv.get(0)));
        csv.subList(1, csv.size()).stream().filter(r -> r.get(action).equals(s.getValue())).forEach(expected::add);
        assertThat(sheets.get(s.getKey())).as(team + " " + s.getKey()).isEqualTo(expected);
      }
    }
  }

  @Test
  void aChineseHeaderRoundTripsThroughTheBomCsv() throws IOException {
    assertThat(csv(file("east_north", "csv")).get(0)).containsExactly("优先级排名", "客户编号", "联系人姓名", "手机",
        "邮箱", "负责部门编码", "负责部门", "大区编码", "省份", "城市", "任务类型编码", "任务类型", "跟进方式", "优先级分值",
        "截止日期", "推荐方案", "任务说明");
  }

  @Test
  void exportLogRecordsEveryFileWithRowsContactsAndItsSha256AndFoldersAreOwnerOnly() throws Exception {
    List<Row> log = table("export_log").orderBy("file").collectAsList();

    assertThat(log).extracting(r -> r.getAs("file") + " " + r.getAs("rows") + " " + r.getAs("contacts_included"))
        .containsExactly(
            SNAPSHOT + "/east_north/worklist_east_north_" + SNAPSHOT + ".csv 3 true",
            SNAPSHOT + "/east_north/worklist_east_north_" + SNAPSHOT + ".xlsx 3 true",
            SNAPSHOT + "/south_agent/worklist_south_agent_" + SNAPSHOT + ".csv 3 false",
            SNAPSHOT + "/south_agent/worklist_south_agent_" + SNAPSHOT + ".xlsx 3 false");
    for (Row r : log) {
      assertThat(sha256(out.resolve("export").resolve(r.<String>getAs("file")))).isEqualTo(r.getAs("sha256"));
    }
    for (Path folder : List.of(out.resolve("export"), out.resolve("export").resolve(SNAPSHOT),
        out.resolve("export").resolve(SNAPSHOT).resolve("east_north"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).as(folder.toString())
          .isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file("east_north", "csv"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aRerunReplacesTheWorklistWithTheSameOne() throws Exception {
    List<String> actionsBefore = table("action_list").orderBy("team", "priority_rank").toJSON().collectAsList();
    String csvBefore = sha256(file("east_north", "csv"));
    Map<String, List<List<String>>> xlsxBefore = xlsx(file("east_north", "xlsx"));

    SegmentationPipeline.run(TestSpark.session(), config);

    assertThat(table("action_list").orderBy("team", "priority_rank").toJSON().collectAsList())
        .isEqualTo(actionsBefore);
    assertThat(sha256(file("east_north", "csv"))).isEqualTo(csvBefore);
    assertThat(xlsx(file("east_north", "xlsx"))).isEqualTo(xlsxBefore);
    assertThat(table("export_log").count()).isEqualTo(4);
    try (Stream<Path> left = Files.list(out.resolve("export"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(SNAPSHOT);
    }
  }

  @Test
  void overlappingTeamsFailAtStartNamingBothWithNothingWritten() throws IOException {
    Path conf = dir.resolve("overlap.conf");
    Files.writeString(conf, PLAYBOOK + """
        segmentation.teams.list = [
          { code = "south_team", name = "华南团队", regions = ["south"] }
          { code = "gd_agent", name = "广东代理", provinces = ["GD"] }
        ]
        segmentation.teams.default-team = "south_team"
        """);
    Path failed = dir.resolve("out-overlap");
    JobConfig overlapping = AnalystRun.config(failed, name -> null, "--config", conf.toString());

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), overlapping))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.teams: teams 'south_team' (segmentation.teams.list[0]) and 'gd_agent'"
            + " (segmentation.teams.list[1]) both own province GD 广东省");
    assertThat(failed).doesNotExist();
  }

  @Test
  void aBadPlaybookFailsAtStartNamingTheRuleWithNothingWritten() throws IOException {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, TEAMS + """
        segmentation.playbook.actions = [
          { code = "win_back_offer", name = "唤醒优惠", when = "churn_band = 'high'" }
        ]
        """);
    Path failed = dir.resolve("out-bad");
    JobConfig bad = AnalystRun.config(failed, name -> null, "--config", conf.toString());

    assertThatThrownBy(() -> SegmentationPipeline.run(TestSpark.session(), bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("segmentation.playbook.actions[0]: action 'win_back_offer': condition"
            + " \"churn_band = 'high'\" does not resolve against the customer columns snapshot_date, region_code");
    assertThat(failed).doesNotExist();
  }

  /** Sorted customer ids of a table. */
  private static final class Fixtures {
    static List<String> sortedIds(Dataset<Row> t) {
      return t.select("customer_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted()
          .toList();
    }
  }
}
