package com.custseg.testing;

import com.custseg.config.JobConfig;
import com.custseg.job.SegmentationPipeline;
import com.custseg.report.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One run of the whole job on a tiny export full of personal data, shared by the tests of what analysts see
 * (privacy, SQL access, HTML report) so the suite pays for it once. Mask mode; snapshot 2025-01-01.
 *
 * <p>Customers: C1 广东 (2 orders, a return: 130.00), C2 上海 (300.00), C3 Sichuan (1,234.56), C4 北京 (80.00),
 * C5 北京 (no purchase), C7 广东 (4 orders, 5,000.00, the last one the day before the snapshot: the one vip),
 * C8 上海 (3 orders, 600.00), and C6 rejected for its signup date. Transactions: 13 kept, O6 of unknown customer C9
 * rejected.
 * Per region: east 2 customers 900.00, north 2 / 80.00, south 2 / 5,130.00, southwest 1 / 1,234.56.
 */
public final class AnalystRun {
  public static final String SNAPSHOT = "2025-01-01";
  /** Every personal value of the export: none may appear in any output. */
  public static final List<String> PII_VALUES = List.of(
      "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十",
      "13800001111", "13900002222", "15000003333", "18600004444", "13700005555", "13812345678", "13911112222",
      "13922223333", "110101199001011234", "310101198502023456", "510101197703035678", "110101198804044321",
      "110101199505051111", "110101199003071234", "440301199107071111", "310101199208082222",
      "zs@example.com", "sb@example.com", "天河路1号", "西湖路6号");

  private static Path inputs;
  private static Path output;
  private static JobConfig config;
  private static RunResult result;

  /** The shared mask-mode run, made on first use. */
  public static synchronized RunResult result() {
    if (result == null) {
      output = inputs().resolve("out");
      config = config(output, name -> null, "--set", "segmentation.privacy.mode=mask");
      result = SegmentationPipeline.run(TestSpark.session(), config);
    }
    return result;
  }

  public static Path output() {
    result();
    return output;
  }

  public static JobConfig config() {
    result();
    return config;
  }

  /** The job's settings for the shared export, writing to {@code out}, with more flags. */
  public static JobConfig config(Path out, Function<String, String> environment, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--set", "segmentation.input.customers.path=" + inputs().resolve("customers.csv"),
        "--set", "segmentation.input.transactions.path=" + inputs().resolve("transactions.csv"),
        "--set", "segmentation.kmeans.k=2",
        "--set", "segmentation.quality.max-reject-ratio=1.0",
        "--as-of", SNAPSHOT,
        "--output", out.toString()));
    args.addAll(Arrays.asList(extra));
    return TestConfigs.load(environment, args.toArray(String[]::new));
  }

  /** The folders under {@code root} that hold a Delta table. */
  public static List<Path> deltaTables(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Path inputs() {
    if (inputs == null) {
      try {
        inputs = Files.createTempDirectory("custseg-analyst-run");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(inputs)));
        Files.writeString(inputs.resolve("customers.csv"), String.join("\n",
            "customer_id,name,phone,id_number,email,address,province,city,signup_date,industry,company_size,channel",
            "C1,张三,13800001111,110101199001011234,zs@example.com,广州市天河路1号,广东省,广州,2023-01-05,零售,小微,线上",
            "C2,李四,13900002222,310101198502023456,,,上海,上海,2023-02-10,制造,中型,门店",
            "C3,王五,15000003333,510101197703035678,,,Sichuan,成都,2023-03-15,教育,大型,直销",
            "C4,赵六,18600004444,110101198804044321,,,北京市,北京,2023-04-20,金融,中型,线上",
            "C5,钱七,13700005555,110101199505051111,,,北京,北京,2023-05-25,金融,小微,线上",
            "C6,孙八,13812345678,110101199003071234,sb@example.com,杭州市西湖路6号,浙江省,杭州,not-a-date,零售,小微,线上",
            "C7,周九,13911112222,440301199107071111,,,广东省,深圳,2023-06-01,零售,中型,线上",
            "C8,吴十,13922223333,310101199208082222,,,上海市,上海,2023-07-01,制造,小微,门店")
            + "\n");
        Files.writeString(inputs.resolve("transactions.csv"), String.join("\n",
            "order_id,customer_id,order_time,amount,category",
            "O1,C1,2024-12-01 10:00:00,100.00,服装",
            "O2,C1,2024-12-01 15:00:00,50.50,数码",
            "R2,C1,2024-12-05 09:00:00,-20.50,数码",
            "O3,C2,2024-10-10 10:00:00,300.00,家电",
            "O4,C3,2024-06-06 06:06:06,1234.56,食品",
            "O5,C4,2024-12-30 12:00:00,80.00,美妆",
            "O6,C9,2024-12-01 10:00:00,10.00,服装",
            "O7,C7,2024-12-20 10:00:00,1000.00,家电",
            "O8,C7,2024-12-22 10:00:00,1500.00,家电",
            "O9,C7,2024-12-26 10:00:00,1200.00,数码",
            "O10,C7,2024-12-31 10:00:00,1300.00,数码",
            "O11,C8,2024-11-01 10:00:00,200.00,服装",
            "O12,C8,2024-11-15 10:00:00,200.00,服装",
            "O13,C8,2024-12-10 10:00:00,200.00,服装") + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return inputs;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }

  private AnalystRun() {}
}
