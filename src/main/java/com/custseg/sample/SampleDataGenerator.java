package com.custseg.sample;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.make_timestamp;
import static org.apache.spark.sql.functions.make_timestamp_ntz;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.second;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import com.custseg.config.ConfigException;
import com.custseg.job.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.slf4j.Logger;
import scala.Function1;
import org.slf4j.LoggerFactory;

/**
 * Writes a deterministic synthetic export of a Chinese company's customers and transactions: the bundled sample in
 * {@code notebooks-data/sample/} and data sets of any size (1k to 100M transaction lines) for load tests.
 *
 * <p>Every value is a column expression of the row number of {@code spark.range} and the seed, with each random draw
 * taken from {@code xxhash64(seed, key, salt)}: the same flags give the same rows on any cluster and partitioning,
 * no UDF runs and nothing is collected. A transaction recomputes its customer's attributes (signup date, size, spend
 * level) from the customer's index instead of joining the customers table, so the transactions need no shuffle.
 *
 * <p>The model: customers are ranked by a hidden Pareto-like activity weight, scattered over the customer ids by a
 * fixed permutation; the last {@link #INACTIVE_SHARE} of ranks never buy. Each purchase line draws a rank from that
 * weight, then a day in the customer's window [max(signup, start), last day] (the end date, or an earlier day for the
 * {@link #CHURN_SHARE} of customers who stop buying) from monthly seasonal weights (双十一 peak,
 * 618 bump, Spring Festival dip), an hour from a daily curve, and an amount from the customer's spend level. A line
 * is a return of the purchase line before it with probability {@link #RETURN_RATE} (never two returns in a row), so
 * {@code --transactions} is the exact number of lines, returns included (about 3.8% of lines are returns).
 */
public final class SampleDataGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(SampleDataGenerator.class);

  // Raw export headers: a company's own names; the job maps them through segmentation.input.*.columns.
  public static final String CUSTOMER_ID = "customer_id";
  public static final String NAME = "name";
  public static final String PHONE = "phone";
  public static final String PROVINCE = "province";
  public static final String CITY = "city";
  public static final String SIGNUP_DATE = "signup_date";
  public static final String INDUSTRY = "industry";
  public static final String COMPANY_SIZE = "company_size";
  public static final String CHANNEL = "channel";
  public static final String ORDER_ID = "order_id";
  public static final String ORDER_TIME = "order_time";
  public static final String AMOUNT = "amount";
  public static final String CATEGORY = "category";

  public static final List<String> CUSTOMER_COLUMNS =
      List.of(CUSTOMER_ID, NAME, PHONE, PROVINCE, CITY, SIGNUP_DATE, INDUSTRY, COMPANY_SIZE, CHANNEL);
  public static final String QUANTITY = "quantity";
  public static final String LIST_PRICE = "list_price";
  public static final String BRAND = "brand";
  public static final List<String> TRANSACTION_COLUMNS = List.of(ORDER_ID, CUSTOMER_ID, ORDER_TIME, AMOUNT, CATEGORY,
      QUANTITY, LIST_PRICE, BRAND);

  /** A return line's order id is this prefix followed by the id of the purchase it refunds. */
  public static final String RETURN_PREFIX = "R";
  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);
  /** order_time is local wall-clock time in this zone; Parquet output stores the instant it denotes. */
  public static final String SOURCE_TIME_ZONE = "Asia/Shanghai";
  public static final String CSV_TIMESTAMP_FORMAT = "yyyy-MM-dd HH:mm:ss";

  /** Chance that a line refunds the purchase line just before it (a return never follows a return). */
  static final double RETURN_RATE = 0.04;
  static final double FULL_REFUND_SHARE = 0.6;
  static final int MAX_RETURN_DAYS = 30;
  /** Chance that a purchase repeats the customer and day of the line before it: several orders on one day. */
  static final double SAME_DAY_REPEAT = 0.08;
  /** Share of customer ranks never drawn; a few drawn customers end up without orders as well. */
  static final double INACTIVE_SHARE = 0.045;
  /**
   * Share of customers who stop buying before the end date (churn): they buy only up to a day drawn uniformly in the
   * last {@link #CHURN_WINDOW_SHARE} of their window, so the sample has lapsed and lost customers to find.
   */
  static final double CHURN_SHARE = 0.4;
  static final double CHURN_WINDOW_SHARE = 0.8;
  /** Activity weight at rank fraction f is max(f, HEAD_SHARE)^-TAIL_EXPONENT: Pareto-like, flat over the top 0.1%. */
  static final double TAIL_EXPONENT = 0.6;
  static final double HEAD_SHARE = 0.001;
  /** Customers who signed up before the start date did so within this many years of it. */
  static final int SIGNUP_YEARS_BEFORE_START = 5;
  /** Share of a June or November order that lands on 6-18 or 11-11 itself. */
  static final double FESTIVAL_DAY_SHARE = 0.2;
  static final double MEDIAN_SPEND = 100.0;
  static final double CUSTOMER_SPEND_SIGMA = 0.8;
  static final double ORDER_SPEND_SIGMA = 0.5;

  /** A value of a categorical column, its relative frequency and (for sizes and categories) its spend multiplier. */
  public record Choice(String label, double weight, double spendFactor) {
    Choice(String label, double weight) {
      this(label, weight, 1.0);
    }
  }

  /** A provincial-level division: its spellings, weight (population in millions) and 1-3 big cities. */
  public record Province(String fullName, String shortName, String latinName, double weight, List<String> cities) {
    public Province {
      cities = List.copyOf(cities);
    }
  }

  /** China's 34 provincial-level divisions, weighted by the 2020 census; Taiwan small (mainland companies). */
  public static final List<Province> PROVINCES = List.of(
      new Province("广东省", "广东", "Guangdong", 126.0, List.of("广州市", "深圳市", "东莞市")),
      new Province("山东省", "山东", "Shandong", 101.5, List.of("济南市", "青岛市", "烟台市")),
      new Province("河南省", "河南", "Henan", 99.4, List.of("郑州市", "洛阳市")),
      new Province("江苏省", "江苏", "Jiangsu", 84.7, List.of("南京市", "苏州市", "无锡市")),
      new Province("四川省", "四川", "Sichuan", 83.7, List.of("成都市", "绵阳市")),
      new Province("河北省", "河北", "Hebei", 74.6, List.of("石家庄市", "唐山市", "保定市")),
      new Province("湖南省", "湖南", "Hunan", 66.4, List.of("长沙市", "株洲市")),
      new Province("浙江省", "浙江", "Zhejiang", 64.6, List.of("杭州市", "宁波市", "温州市")),
      new Province("安徽省", "安徽", "Anhui", 61.0, List.of("合肥市", "芜湖市")),
      new Province("湖北省", "湖北", "Hubei", 57.8, List.of("武汉市", "宜昌市")),
      new Province("广西壮族自治区", "广西", "Guangxi", 50.1, List.of("南宁市", "柳州市")),
      new Province("云南省", "云南", "Yunnan", 47.2, List.of("昆明市", "曲靖市")),
      new Province("江西省", "江西", "Jiangxi", 45.2, List.of("南昌市", "赣州市")),
      new Province("辽宁省", "辽宁", "Liaoning", 42.6, List.of("沈阳市", "大连市")),
      new Province("福建省", "福建", "Fujian", 41.5, List.of("福州市", "厦门市", "泉州市")),
      new Province("陕西省", "陕西", "Shaanxi", 39.5, List.of("西安市", "宝鸡市")),
      new Province("贵州省", "贵州", "Guizhou", 38.6, List.of("贵阳市", "遵义市")),
      new Province("山西省", "山西", "Shanxi", 34.9, List.of("太原市", "大同市")),
      new Province("重庆市", "重庆", "Chongqing", 32.1, List.of("重庆市")),
      new Province("黑龙江省", "黑龙江", "Heilongjiang", 31.9, List.of("哈尔滨市", "大庆市")),
      new Province("新疆维吾尔自治区", "新疆", "Xinjiang", 25.9, List.of("乌鲁木齐市", "克拉玛依市")),
      new Province("甘肃省", "甘肃", "Gansu", 25.0, List.of("兰州市", "天水市")),
      new Province("上海市", "上海", "Shanghai", 24.9, List.of("上海市")),
      new Province("吉林省", "吉林", "Jilin", 24.1, List.of("长春市", "吉林市")),
      new Province("内蒙古自治区", "内蒙古", "Inner Mongolia", 24.0, List.of("呼和浩特市", "包头市")),
      new Province("北京市", "北京", "Beijing", 21.9, List.of("北京市")),
      new Province("天津市", "天津", "Tianjin", 13.9, List.of("天津市")),
      new Province("海南省", "海南", "Hainan", 10.1, List.of("海口市", "三亚市")),
      new Province("香港特别行政区", "香港", "Hong Kong", 7.5, List.of("香港")),
      new Province("宁夏回族自治区", "宁夏", "Ningxia", 7.2, List.of("银川市")),
      new Province("青海省", "青海", "Qinghai", 5.9, List.of("西宁市")),
      new Province("西藏自治区", "西藏", "Tibet", 3.6, List.of("拉萨市")),
      new Province("台湾省", "台湾", "Taiwan", 1.0, List.of("台北市")),
      new Province("澳门特别行政区", "澳门", "Macau", 0.7, List.of("澳门")));

  /** How the province column is spelled: full, short, pinyin/English, with a stray space, unusable (86/8/3/2/1%). */
  static final double[] SPELLING_WEIGHTS = {86, 8, 3, 2, 1};
  /** Unusable province values besides a blank (null) field. */
  static final List<String> JUNK_PROVINCES = List.of("未知", "N/A", "不详", "-");

  static final List<Choice> SURNAMES = List.of(
      new Choice("王", 7.1), new Choice("李", 7.0), new Choice("张", 6.7), new Choice("刘", 5.4),
      new Choice("陈", 4.5), new Choice("杨", 3.1), new Choice("黄", 2.2), new Choice("赵", 2.0),
      new Choice("吴", 1.8), new Choice("周", 1.7), new Choice("徐", 1.3), new Choice("孙", 1.3),
      new Choice("马", 1.1), new Choice("朱", 1.1), new Choice("胡", 1.0), new Choice("郭", 1.0),
      new Choice("何", 0.9), new Choice("高", 0.9), new Choice("林", 0.9), new Choice("罗", 0.8),
      new Choice("郑", 0.8), new Choice("梁", 0.7), new Choice("谢", 0.6), new Choice("宋", 0.5),
      new Choice("唐", 0.5), new Choice("韩", 0.5), new Choice("冯", 0.4), new Choice("邓", 0.4),
      new Choice("曹", 0.4), new Choice("彭", 0.4), new Choice("曾", 0.4), new Choice("欧阳", 0.1));
  static final List<String> GIVEN_NAME_CHARS = List.of(
      "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
      "超", "秀", "霞", "平", "刚", "英", "华", "建", "国", "志", "文", "辉", "玲", "红", "鹏", "飞",
      "宇", "浩", "婷", "雪", "琳", "晨", "欣", "子", "怡", "轩", "涵", "博", "佳", "俊", "然", "梓");
  static final List<String> MOBILE_PREFIXES = List.of(
      "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
      "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "184", "185",
      "186", "187", "188", "189", "198", "199");
  public static final List<Choice> INDUSTRIES = List.of(
      new Choice("零售", 18), new Choice("制造", 16), new Choice("餐饮", 12), new Choice("互联网", 10),
      new Choice("教育", 8), new Choice("医疗", 7), new Choice("物流", 7), new Choice("金融", 6),
      new Choice("建筑", 6), new Choice("房地产", 4), new Choice("农业", 3), new Choice("能源", 3));
  public static final List<Choice> COMPANY_SIZES = List.of(
      new Choice("小微", 70, 1.0), new Choice("中型", 22, 1.8), new Choice("大型", 8, 3.5));
  public static final List<Choice> CHANNELS = List.of(
      new Choice("线上", 45), new Choice("门店", 25), new Choice("经销商", 18), new Choice("直销", 12));
  public static final List<Choice> CATEGORIES = List.of(
      new Choice("服装", 20, 1.0), new Choice("食品", 18, 0.5), new Choice("美妆", 12, 1.2),
      new Choice("数码", 10, 3.0), new Choice("家居", 10, 1.5), new Choice("母婴", 8, 1.1),
      new Choice("家电", 6, 4.0), new Choice("图书", 6, 0.4), new Choice("运动", 6, 1.3),
      new Choice("办公", 4, 1.6));
  /** Share of a customer's purchases in their favourite category; the rest follow the overall mix. */
  static final double FAVOURITE_CATEGORY_SHARE = 0.5;
  /**
   * Share of a customer's purchases in the companion of their favourite (服装 → 美妆, 数码 → 家电, 母婴 → 食品, ...):
   * who buys one tends to buy the other, the co-purchase pattern recommendations can learn.
   */
  static final double COMPANION_CATEGORY_SHARE = 0.25;
  /** The companion of each of {@link #CATEGORIES}, by index. */
  static final int[] COMPANIONS = {2, 5, 0, 6, 8, 1, 3, 9, 4, 7};

  /**
   * Why a customer buys, drawn once per customer: price-sensitive customers buy several units at a time and mostly
   * at a discount, quality seekers single units at full price, brand-loyal customers nearly always their favourite
   * brand; the others mix.
   */
  public static final List<Choice> MOTIVES = List.of(new Choice("price_sensitive", 30), new Choice("quality_seeking", 20),
      new Choice("brand_loyal", 20), new Choice("mixed", 30));
  static final int PRICE_SENSITIVE = 0;
  static final int QUALITY_SEEKING = 1;
  static final int BRAND_LOYAL = 2;
  /** Units per line for each motive (1, 2, 3, 5 units). */
  static final double[][] QUANTITY_WEIGHTS = {{40, 30, 20, 10}, {90, 10, 0, 0}, {70, 20, 10, 0}, {70, 20, 10, 0}};
  static final int[] QUANTITIES = {1, 2, 3, 5};
  /** Chance that a purchase line is at a discount, for each motive; the discount is 10-40% of the list price. */
  static final double[] DISCOUNT_RATES = {0.75, 0.05, 0.2, 0.25};
  /** The brands of every category (house brands of a multi-category seller): 惠家 the value one, 臻选 the premium. */
  public static final List<String> BRANDS = List.of("惠家", "恒远", "优品", "云朵", "臻选");
  static final int VALUE_BRAND = 0;
  static final int PREMIUM_BRAND = 4;
  /** Share of a brand-loyal customer's lines in the favourite brand; price and quality buyers lean to theirs. */
  static final double FAVOURITE_BRAND_SHARE = 0.9;
  static final double LEANING_BRAND_SHARE = 0.5;

  /** Share of complainers (many complaints, low ratings) among the churning customers and the others. */
  static final double COMPLAINER_SHARE_OF_CHURNERS = 0.25;
  static final double COMPLAINER_SHARE_OF_STAYERS = 0.04;

  /** Order volume per month, January first: Spring Festival dip, 618 bump, 双十一 peak, 双十二 tail. */
  static final double[] MONTH_WEIGHTS = {1.0, 0.7, 0.95, 0.95, 1.0, 1.35, 0.95, 0.95, 1.0, 1.05, 1.9, 1.25};
  /** Order volume per hour of day (local time): quiet nights, a late-morning and an evening peak. */
  static final double[] HOUR_WEIGHTS = {
      1.2, 0.6, 0.3, 0.2, 0.15, 0.2, 0.4, 0.8, 1.4, 2.0, 2.6, 2.7,
      2.3, 2.2, 2.4, 2.5, 2.4, 2.2, 2.2, 2.6, 3.2, 3.4, 2.8, 1.9};

  private static final double TWO_POW_53 = 9007199254740992.0;
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long ROWS_PER_PARTITION = 2_000_000L;

  public enum OutputFormat { CSV, PARQUET }

  /**
   * The generator's command line, validated on construction. {@code transactions} is the exact number of
   * transaction lines written, returns included.
   */
  public record GeneratorSettings(long transactions, long customers, long seed, OutputFormat format, String output,
      LocalDate startDate, LocalDate endDate, boolean singleFile, boolean compressTransactions, long interactions,
      long feedback) {

    public static final long DEFAULT_TRANSACTIONS = 80_000L;
    public static final long DEFAULT_SEED = 42L;
    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2024, 1, 1);
    public static final LocalDate DEFAULT_END_DATE = LocalDate.of(2025, 12, 31);
    public static final long MIN_TRANSACTIONS = 1_000L;
    /** Order ids carry 12 digits. */
    public static final long MAX_TRANSACTIONS = 999_999_999_999L;
    public static final long MIN_CUSTOMERS = 100L;
    /** Keeps the customer permutation's products within a long. */
    public static final long MAX_CUSTOMERS = 1_000_000_000L;

    public static final String USAGE = String.join("\n",
        "Usage: SampleDataGenerator --output DIR [--transactions N] [--customers N] [--seed S]",
        "         [--format csv|parquet] [--start-date yyyy-MM-dd] [--end-date yyyy-MM-dd]",
        "         [--single-file] [--compress-transactions] [--interactions N] [--feedback N]",
        "  --transactions       transaction lines, returns included (default 80000, at least 1000)",
        "  --customers          customers (default transactions / 10, at least 100)",
        "  --seed               seed of every random draw (default 42); same flags, same rows",
        "  --format             csv (header row, UTF-8) or parquet (default csv)",
        "  --start-date/--end-date  order dates, inclusive (default 2024-01-01 .. 2025-12-31)",
        "  --single-file        one file per table: customers.csv, transactions.csv[.gz] (or .parquet)",
        "  --compress-transactions  gzip the transactions, interactions and feedback CSVs",
        "  --interactions       interaction rows (default transactions / 2; 0 = no interactions table)",
        "  --feedback           feedback rows (default transactions / 8; 0 = no feedback table)");

    public GeneratorSettings {
      if (transactions < MIN_TRANSACTIONS) {
        throw new ConfigException("--transactions must be at least " + MIN_TRANSACTIONS + ", got: " + transactions);
      }
      if (transactions > MAX_TRANSACTIONS) {
        throw new ConfigException("--transactions must be at most " + MAX_TRANSACTIONS + ", got: " + transactions);
      }
      if (customers < MIN_CUSTOMERS) {
        throw new ConfigException("--customers must be at least " + MIN_CUSTOMERS + ", got: " + customers);
      }
      if (customers > MAX_CUSTOMERS) {
        throw new ConfigException("--customers must be at most " + MAX_CUSTOMERS + ", got: " + customers);
      }
      if (format == null) {
        throw new ConfigException("--format must be csv or parquet, got: null");
      }
      if (output == null || output.isBlank()) {
        throw new ConfigException("--output is required\n" + USAGE);
      }
      if (startDate == null || endDate == null) {
        throw new ConfigException("--start-date and --end-date must be set, got: " + startDate + " .. " + endDate);
      }
      if (endDate.isBefore(startDate)) {
        throw new ConfigException(
            "--end-date must not be before --start-date, got: " + startDate + " .. " + endDate);
      }
      if (singleFile && !isLocal(output)) {
        throw new ConfigException("--single-file writes to a local folder only, got: --output " + output);
      }
      if (interactions < 0 || feedback < 0) {
        throw new ConfigException("--interactions and --feedback must not be negative, got: " + interactions + ", "
            + feedback);
      }
      if (compressTransactions && format != OutputFormat.CSV) {
        throw new ConfigException("--compress-transactions applies to --format csv only, got: --format "
            + format.name().toLowerCase(Locale.ROOT));
      }
    }

    /** The output folder on the local file system ({@code --single-file} moves files there). */
    public Path localOutput() {
      return output.startsWith("file:") ? Path.of(URI.create(output)) : Path.of(output);
    }

    private static boolean isLocal(String output) {
      return output.startsWith("file:") || !output.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    public static GeneratorSettings parse(String... args) {
      Long transactions = null;
      Long customers = null;
      long seed = DEFAULT_SEED;
      OutputFormat format = OutputFormat.CSV;
      String output = null;
      LocalDate start = DEFAULT_START_DATE;
      LocalDate end = DEFAULT_END_DATE;
      boolean singleFile = false;
      boolean compress = false;
      Long interactions = null;
      Long feedback = null;
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        switch (flag) {
          case "--help", "-h" -> throw new ConfigException(USAGE);
          case "--single-file" -> singleFile = true;
          case "--compress-transactions" -> compress = true;
          case "--transactions", "--customers", "--seed", "--format", "--output", "--start-date", "--end-date",
              "--interactions", "--feedback" -> {
            if (i + 1 >= args.length) {
              throw new ConfigException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
              case "--transactions" -> transactions = parseLong(flag, value);
              case "--customers" -> customers = parseLong(flag, value);
              case "--seed" -> seed = parseLong(flag, value);
              case "--format" -> format = parseFormat(value);
              case "--output" -> output = value;
              case "--start-date" -> start = parseDate(flag, value);
              case "--interactions" -> interactions = parseLong(flag, value);
              case "--feedback" -> feedback = parseLong(flag, value);
              default -> end = parseDate(flag, value);
            }
          }
          default -> throw new ConfigException("unknown flag " + flag + "\n" + USAGE);
        }
      }
      long lines = transactions == null ? DEFAULT_TRANSACTIONS : transactions;
      return new GeneratorSettings(lines, customers == null ? lines / 10 : customers, seed, format, output,
          start, end, singleFile, compress, interactions == null ? lines / 2 : interactions,
          feedback == null ? lines / 8 : feedback);
    }

    private static long parseLong(String flag, String value) {
      try {
        return Long.parseLong(value.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new ConfigException(flag + " must be a whole number, got: " + value, e);
      }
    }

    private static LocalDate parseDate(String flag, String value) {
      try {
        return LocalDate.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new ConfigException(flag + " must be a date yyyy-MM-dd, got: " + value, e);
      }
    }

    private static OutputFormat parseFormat(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "csv" -> OutputFormat.CSV;
        case "parquet" -> OutputFormat.PARQUET;
        default -> throw new ConfigException("--format must be csv or parquet, got: " + value);
      };
    }
  }

  /** What {@link #write} wrote. */
  public record Written(long customers, long transactionLines, long returnLines, String customersPath,
      String transactionsPath, long interactions, String interactionsPath, long feedback, String feedbackPath) {}

  public static void main(String[] args) {
    GeneratorSettings settings;
    try {
      settings = GeneratorSettings.parse(args);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    SparkSession spark = SparkSessions.builder("custseg-generate", System.getProperty("spark.master", "local[*]"))
        .getOrCreate();
    try {
      Written written = write(spark, settings);
      // The generator's command-line result (scripts/generate-data.sh), not job output.
      System.out.printf(Locale.ROOT, "Generated %d customers (%s), %d transaction lines incl. %d returns (%s), "
              + "%d interactions (%s) and %d ratings (%s) with seed %d in %.1f s%n", written.customers(),
          written.customersPath(), written.transactionLines(), written.returnLines(), written.transactionsPath(),
          written.interactions(), written.interactionsPath(), written.feedback(), written.feedbackPath(),
          settings.seed(), (System.nanoTime() - started) / 1e9);
    } finally {
      spark.stop();
    }
  }

  /**
   * The customers table: customer_id, name, phone, province (raw spelling, sometimes unusable), city,
   * signup_date (date), industry, company_size, channel; one row per customer, ordered by id.
   */
  public static Dataset<Row> customers(SparkSession spark, GeneratorSettings settings) {
    return customers(spark, settings, partitionsFor(spark, settings.customers()));
  }

  static Dataset<Row> customers(SparkSession spark, GeneratorSettings settings, int partitions) {
    Model m = new Model(settings);
    return spark.range(0, settings.customers(), 1, partitions)
        .withColumnRenamed("id", "_customer")
        .withColumn("_rank", m.rankOfCustomer(col("_customer")))
        .transform(m.withCustomerProfile("_customer", "_rank"))
        .select(
            m.customerId(col("_customer")).as(CUSTOMER_ID),
            col("_name").as(NAME),
            col("_phone").as(PHONE),
            col("_province_text").as(PROVINCE),
            col("_city").as(CITY),
            col("_signup").as(SIGNUP_DATE),
            col("_industry").as(INDUSTRY),
            pick(col("_size"), labels(COMPANY_SIZES)).as(COMPANY_SIZE),
            col("_channel").as(CHANNEL));
  }

  /**
   * The transactions table, exactly {@code settings.transactions()} lines: order_id, customer_id, order_time
   * (timestamp_ntz, local China time), amount (decimal(18,2), negative for returns), category. A return line
   * {@code R<order_id>} directly follows the purchase it refunds.
   */
  public static Dataset<Row> transactions(SparkSession spark, GeneratorSettings settings) {
    return transactions(spark, settings, partitionsFor(spark, settings.transactions()));
  }

  /*
   * Each step below only refers to columns of the step before. Catalyst expressions are trees, so an expression
   * that reuses a computed value inline (a CASE WHEN over a uniform, the calendar inverse) would be copied into
   * every use and grow exponentially; separate projections keep every expression small.
   */
  static Dataset<Row> transactions(SparkSession spark, GeneratorSettings settings, int partitions) {
    Model m = new Model(settings);
    Column line = col("_line");
    Column purchase = col("_purchase");
    Column draw = col("_draw");
    Column isReturn = col("_is_return");
    return spark.range(0, settings.transactions(), 1, partitions)
        .withColumnRenamed("id", "_line")
        .withColumns(columns(
            "_u_return", m.uniform(line, "return"),
            "_u_return_before", m.uniform(line.minus(1), "return")))
        .withColumn("_is_return", line.gt(0)
            .and(col("_u_return").lt(RETURN_RATE)).and(col("_u_return_before").geq(RETURN_RATE)))
        .withColumn("_purchase", when(isReturn, line.minus(1)).otherwise(line))
        .withColumn("_draw", when(purchase.gt(0).and(m.uniform(purchase, "same-day").lt(SAME_DAY_REPEAT)),
            purchase.minus(1)).otherwise(purchase))
        .withColumns(columns(
            // customer and day come from the draw key (shared by a same-day repeat), the rest from the line
            "_u_customer", m.uniform(draw, "customer"),
            "_u_date", m.uniform(draw, "date"),
            "_u_festival", m.uniform(draw, "festival"),
            "_u_hour", m.uniform(purchase, "hour"),
            "_u_second", m.uniform(purchase, "second"),
            "_u_category_mode", m.uniform(purchase, "category-mode"),
            "_u_category", m.uniform(purchase, "category"),
            "_z_amount", m.gaussian(purchase, "order-amount"),
            "_u_refund_kind", m.uniform(line, "refund-kind"),
            "_u_refund_share", m.uniform(line, "refund-share"),
            "_u_return_delay", m.uniform(line, "return-delay"),
            "_u_quantity", m.uniform(purchase, "quantity"),
            "_u_discount", m.uniform(purchase, "discount"),
            "_u_discount_rate", m.uniform(purchase, "discount-rate"),
            "_u_brand_mode", m.uniform(purchase, "brand-mode"),
            "_u_brand", m.uniform(purchase, "brand")))
        .withColumn("_rank", m.drawRank(col("_u_customer")))
        .withColumn("_customer", m.customerIndex(col("_rank")))
        .transform(m.withCustomerProfile("_customer", "_rank"))
        .withColumn("_earliest", greatest(col("_signup"), lit(settings.startDate())))
        .withColumn("_latest", m.lastPurchaseDay(col("_earliest"), col("_churns"), col("_churn_point")))
        .transform(m.withOrderDate("_earliest", "_latest", "_u_date", "_u_festival", "_day"))
        .withColumns(columns(
            "_hour", weightedIndex(col("_u_hour"), HOUR_WEIGHTS),
            "_category", when(col("_u_category_mode").lt(FAVOURITE_CATEGORY_SHARE), col("_favourite"))
                .when(col("_u_category_mode").lt(FAVOURITE_CATEGORY_SHARE + COMPANION_CATEGORY_SHARE),
                    pick(col("_favourite"), java.util.Arrays.stream(COMPANIONS).boxed().toList()))
                .otherwise(weightedIndex(col("_u_category"), CATEGORIES, Choice::weight))))
        .withColumns(columns(
            "_purchase_seconds", unix_date(col("_day")).cast("long").multiply(SECONDS_PER_DAY)
                .plus(col("_hour").cast("long").multiply(3600))
                .plus(floor(col("_u_second").multiply(3600))),
            "_purchase_amount", m.purchaseAmount(col("_spend_level"), col("_category"), col("_z_amount"))))
        .withColumns(columns(
            "_seconds", when(isReturn, m.returnSeconds(col("_purchase_seconds"), col("_u_return_delay")))
                .otherwise(col("_purchase_seconds")),
            "_amount", when(isReturn, m.refund(col("_purchase_amount"), col("_u_refund_kind"),
                col("_u_refund_share"))).otherwise(col("_purchase_amount"))))
        .transform(m.withQuantityPriceAndBrand())
        .select(
            when(isReturn, concat(lit(RETURN_PREFIX), orderId(purchase))).otherwise(orderId(purchase)).as(ORDER_ID),
            m.customerId(col("_customer")).as(CUSTOMER_ID),
            localTimestamp(col("_seconds")).as(ORDER_TIME),
            col("_amount").as(AMOUNT),
            pick(col("_category"), labels(CATEGORIES)).as(CATEGORY),
            col("_quantity").as(QUANTITY),
            when(isReturn, lit(null).cast(MONEY)).otherwise(col("_list_price")).as(LIST_PRICE),
            pick(col("_brand"), BRANDS).as(BRAND));
  }

  /** Generates both tables and writes them as the settings say; logs paths and counts. */
  public static Written write(SparkSession spark, GeneratorSettings settings) {
    LOG.info("Generating {} customers and {} transaction lines, seed {}, orders {} .. {}", settings.customers(),
        settings.transactions(), settings.seed(), settings.startDate(), settings.endDate());
    Dataset<Row> customers = customers(spark, settings);
    Dataset<Row> transactions = transactions(spark, settings);

    spark.sparkContext().setJobDescription("generate: write customers");
    String customersPath = writeTable(customers, settings, "customers", false);
    LOG.info("Wrote {} customers to {}", settings.customers(), customersPath);

    spark.sparkContext().setJobDescription("generate: write transactions");
    String transactionsPath = writeTable(transactions, settings, "transactions",
        settings.compressTransactions());

    // Counted from the written files (only order_id is read from Parquet): generating the lines a second time would
    // double the run time at 100M lines.
    spark.sparkContext().setJobDescription("generate: count returns");
    long returns = readTable(spark, settings, transactionsPath)
        .filter(col(ORDER_ID).startsWith(RETURN_PREFIX)).count();
    spark.sparkContext().setJobDescription(null);
    LOG.info("Wrote {} transaction lines ({} purchases, {} returns) to {}", settings.transactions(),
        settings.transactions() - returns, returns, transactionsPath);
    String interactionsPath = writeContacts(spark, settings, "interactions", settings.interactions(),
        () -> ContactSamples.interactions(spark, settings));
    String feedbackPath = writeContacts(spark, settings, "feedback", settings.feedback(),
        () -> ContactSamples.feedback(spark, settings));
    spark.sparkContext().setJobDescription(null);
    return new Written(settings.customers(), settings.transactions(), returns, customersPath, transactionsPath,
        settings.interactions(), interactionsPath, settings.feedback(), feedbackPath);
  }

  /** Writes a contact table of {@code rows} rows (none: nothing written, path ""); returns its path. */
  private static String writeContacts(SparkSession spark, GeneratorSettings settings, String name, long rows,
      java.util.function.Supplier<Dataset<Row>> table) {
    if (rows == 0) {
      return "";
    }
    spark.sparkContext().setJobDescription("generate: write " + name);
    String path = writeTable(table.get(), settings, name, settings.compressTransactions());
    LOG.info("Wrote {} rows of {} to {}", rows, name, path);
    return path;
  }

  /**
   * The text a CSV export holds: dates as yyyy-MM-dd, order_time as yyyy-MM-dd HH:mm:ss, amounts with exactly two
   * decimals. Other columns pass through.
   */
  public static Dataset<Row> asCsvText(Dataset<Row> table) {
    return table.select(Arrays.stream(table.schema().fields()).map(field -> {
      Column c = col(field.name());
      DataType type = field.dataType();
      if (type instanceof TimestampNTZType) {
        c = date_format(c, CSV_TIMESTAMP_FORMAT);
      } else if (type instanceof DateType || type instanceof DecimalType) {
        c = c.cast(DataTypes.StringType);
      }
      return c.as(field.name());
    }).toArray(Column[]::new));
  }

  /** Parquet types: local order times become the instant they denote in {@link #SOURCE_TIME_ZONE}. */
  public static Dataset<Row> asParquetTypes(Dataset<Row> table) {
    return table.select(Arrays.stream(table.schema().fields()).map(field -> {
      Column c = col(field.name());
      if (field.dataType() instanceof TimestampNTZType) {
        c = make_timestamp(year(c), month(c), dayofmonth(c), hour(c), minute(c), second(c), lit(SOURCE_TIME_ZONE));
      }
      return c.as(field.name());
    }).toArray(Column[]::new));
  }

  private static String writeTable(Dataset<Row> table, GeneratorSettings settings, String name, boolean gzip) {
    boolean csv = settings.format() == OutputFormat.CSV;
    Dataset<Row> typed = csv ? asCsvText(table) : asParquetTypes(table);
    Map<String, String> options = csv
        ? Map.of("header", "true", "encoding", "UTF-8", "lineSep", "\n",
            // Spark trims values when writing CSV by default; the stray spaces are part of the fixture.
            "ignoreLeadingWhiteSpace", "false", "ignoreTrailingWhiteSpace", "false",
            "compression", gzip ? "gzip" : "none")
        : Map.of();
    String format = formatName(settings);
    if (!settings.singleFile()) {
      String directory = settings.output().replaceAll("/+$", "") + "/" + name;
      typed.write().mode(SaveMode.Overwrite).format(format).options(options).save(directory);
      return directory;
    }
    Path folder = settings.localOutput();
    Path staging = folder.resolve("_" + name + "_staging");
    typed.coalesce(1).write().mode(SaveMode.Overwrite).format(format).options(options)
        .save(staging.toUri().toString());
    Path target = folder.resolve(name + "." + format + (gzip ? ".gz" : ""));
    moveSinglePart(staging, target);
    return target.toString();
  }

  /** A table {@link #writeTable} wrote, read back as text (CSV) or with its Parquet types. */
  private static Dataset<Row> readTable(SparkSession spark, GeneratorSettings settings, String path) {
    String location = settings.singleFile() ? Path.of(path).toUri().toString() : path;
    return spark.read().format(formatName(settings)).option("header", "true").load(location);
  }

  private static String formatName(GeneratorSettings settings) {
    return settings.format() == OutputFormat.CSV ? "csv" : "parquet";
  }

  /** Moves the one part file Spark wrote under {@code staging} to {@code target} and removes the staging folder. */
  private static void moveSinglePart(Path staging, Path target) {
    try {
      List<Path> parts = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(staging, "part-*")) {
        stream.forEach(parts::add);
      }
      if (parts.size() != 1) {
        throw new IllegalStateException("expected exactly one part file under " + staging + ", found " + parts);
      }
      Files.move(parts.get(0), target, StandardCopyOption.REPLACE_EXISTING);
      try (var leftovers = Files.walk(staging)) {
        for (Path p : leftovers.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int partitionsFor(SparkSession spark, long rows) {
    long byRows = (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
    return (int) Math.max(spark.sparkContext().defaultParallelism(), byRows);
  }

  private static Column orderId(Column purchaseLine) {
    return format_string("O%012d", purchaseLine.plus(1));
  }

  /** A local wall-clock timestamp from seconds since 1970-01-01 00:00 local time (no time zone involved). */
  static Column localTimestamp(Column localSeconds) {
    Column day = date_from_unix_date(floor(localSeconds.divide(SECONDS_PER_DAY)).cast("int"));
    Column second = pmod(localSeconds, lit(SECONDS_PER_DAY));
    return make_timestamp_ntz(year(day), month(day), dayofmonth(day),
        floor(second.divide(3600)).cast("int"), floor(pmod(second, lit(3600L)).divide(60)).cast("int"),
        pmod(second, lit(60L)).cast("int"));
  }

  /** Index i with probability weight(i) / sum, for a uniform {@code u} in [0, 1): an inverse CDF as CASE WHEN. */
  static <T> Column weightedIndex(Column u, List<T> choices, ToDoubleFunction<T> weight) {
    return weightedIndex(u, choices.stream().mapToDouble(weight).toArray());
  }

  static Column weightedIndex(Column u, double[] weights) {
    double total = Arrays.stream(weights).sum();
    double cumulative = 0;
    Column index = null;
    for (int i = 0; i < weights.length - 1; i++) {
      cumulative += weights[i];
      Column below = u.lt(cumulative / total);
      index = index == null ? when(below, i) : index.when(below, i);
    }
    return index == null ? lit(0) : index.otherwise(weights.length - 1);
  }

  /** The element at a 0-based index column of a literal list. */
  static Column pick(Column index, List<?> values) {
    return element_at(array(values.stream().map(v -> lit(v)).toArray(Column[]::new)), index.cast("int").plus(1));
  }

  static List<String> labels(List<Choice> choices) {
    return choices.stream().map(Choice::label).toList();
  }

  private static List<String> provinceField(Function<Province, String> field) {
    return PROVINCES.stream().map(field).toList();
  }

  /** Name/column pairs in order, for {@link Dataset#withColumns(Map)}. */
  static Map<String, Column> columns(Object... nameColumnPairs) {
    Map<String, Column> map = new LinkedHashMap<>();
    for (int i = 0; i < nameColumnPairs.length; i += 2) {
      map.put((String) nameColumnPairs[i], (Column) nameColumnPairs[i + 1]);
    }
    return map;
  }

  /**
   * Driver-side constants derived from the settings, and the column expressions of the model. Every draw is a
   * function of (seed, key, salt), so it does not depend on how rows are partitioned.
   */
  static final class Model {
    private final long seed;
    private final long customers;
    private final long activeCustomers;
    /** rank -> customer index is (multiplier * rank + offset) mod customers, a bijection. */
    private final long multiplier;
    private final long inverseMultiplier;
    private final long offset;
    private final double knee;
    private final double meanWeight;
    private final LocalDate start;
    private final LocalDate end;

    Model(GeneratorSettings s) {
      seed = s.seed();
      customers = s.customers();
      activeCustomers = Math.max(1, Math.round(customers * (1 - INACTIVE_SHARE)));
      BigInteger modulus = BigInteger.valueOf(customers);
      BigInteger candidate = BigInteger.valueOf(Math.max(2, (long) (customers * 0.618))).nextProbablePrime();
      while (!candidate.gcd(modulus).equals(BigInteger.ONE)) {
        candidate = candidate.nextProbablePrime();
      }
      multiplier = candidate.mod(modulus).longValueExact();
      inverseMultiplier = candidate.modInverse(modulus).longValueExact();
      offset = Math.floorMod(seed * 0x9E3779B97F4A7C15L, customers);
      knee = Math.pow(HEAD_SHARE, 1 - TAIL_EXPONENT);
      meanWeight = knee + (1 - knee) / (1 - TAIL_EXPONENT);
      start = s.startDate();
      end = s.endDate();
    }

    /** A uniform double in [0, 1): the top 53 bits of xxhash64(seed, key, salt). */
    Column uniform(Column key, String salt) {
      return shiftrightunsigned(xxhash64(lit(seed), key, lit(salt)), 11).cast("double").divide(TWO_POW_53);
    }

    /** Roughly standard normal (Irwin-Hall of four uniforms), bounded to +-3.46. */
    Column gaussian(Column key, String salt) {
      Column sum = lit(0.0);
      for (int i = 0; i < 4; i++) {
        sum = sum.plus(uniform(key, salt + i));
      }
      return sum.minus(2.0).multiply(Math.sqrt(3.0));
    }

    Column customerId(Column index) {
      return format_string("C%08d", index.plus(1));
    }

    Column customerIndex(Column rank) {
      return pmod(rank.multiply(multiplier).plus(offset), lit(customers));
    }

    Column rankOfCustomer(Column index) {
      return pmod(pmod(index.minus(offset), lit(customers)).multiply(inverseMultiplier), lit(customers));
    }

    /** A rank in [0, active) drawn with probability proportional to its activity weight (inverse of its CDF). */
    Column drawRank(Column u) {
      Column mass = u.multiply(meanWeight);
      Column fraction = when(mass.leq(knee), mass.multiply(Math.pow(HEAD_SHARE, TAIL_EXPONENT)))
          .otherwise(pow(mass.minus(knee).multiply(1 - TAIL_EXPONENT).plus(knee), 1 / (1 - TAIL_EXPONENT)));
      return least(floor(fraction.multiply(activeCustomers)), lit(activeCustomers - 1));
    }

    /**
     * Adds the customer attributes that depend only on the customer index and rank, for the customers table and
     * for each transaction alike: _name, _phone, _province_text, _city, _signup, _industry, _size (index),
     * _channel, _spend_level, _favourite (category index), _churns, _churn_point, _motive (index of
     * {@link #MOTIVES}), _favourite_brand (index of {@link #BRANDS}), _complainer.
     */
    Function1<Dataset<Row>, Dataset<Row>> withCustomerProfile(String indexColumn, String rankColumn) {
      Column index = col(indexColumn);
      List<String> salts = List.of("province", "province-spelling", "province-detail", "city", "surname",
          "given-1", "given-2", "given-length", "phone-prefix", "phone-digits", "industry", "company-size",
          "channel", "signup-era", "signup-day", "favourite-category", "churn", "churn-point", "motive",
          "favourite-brand", "complainer");
      Map<String, Column> draws = new LinkedHashMap<>();
      salts.forEach(salt -> draws.put("_cu_" + salt, uniform(index, salt)));
      draws.put("_cz_spend", gaussian(index, "spend-level"));
      return table -> table
          .withColumns(draws)
          .withColumns(columns(
              "_province", weightedIndex(col("_cu_province"), PROVINCES, Province::weight),
              "_spelling", weightedIndex(col("_cu_province-spelling"), SPELLING_WEIGHTS),
              "_size", weightedIndex(col("_cu_company-size"), COMPANY_SIZES, Choice::weight),
              "_surname", weightedIndex(col("_cu_surname"), SURNAMES, Choice::weight),
              // 0 for the most active customer, 1 for the least active and the inactive ones
              "_rank_fraction", least(col(rankColumn).plus(0.5).divide(activeCustomers), lit(1.0))))
          .withColumns(columns(
              "_name", name(),
              "_phone", phone(),
              "_province_text", provinceSpelling(),
              "_city", city(),
              "_signup", signupDate(col("_rank_fraction")),
              "_industry", pick(weightedIndex(col("_cu_industry"), INDUSTRIES, Choice::weight), labels(INDUSTRIES)),
              "_channel", pick(weightedIndex(col("_cu_channel"), CHANNELS, Choice::weight), labels(CHANNELS)),
              "_spend_level", spendLevel(col("_cz_spend"), col("_size"), col("_rank_fraction")),
              "_favourite", weightedIndex(col("_cu_favourite-category"), CATEGORIES, Choice::weight),
              "_churns", col("_cu_churn").lt(CHURN_SHARE),
              "_churn_point", col("_cu_churn-point"),
              "_motive", weightedIndex(col("_cu_motive"), MOTIVES, Choice::weight),
              "_favourite_brand", floor(col("_cu_favourite-brand").multiply(BRANDS.size())).cast("int"),
              // Complainers are far more common among the customers who stop buying.
              "_complainer", col("_cu_complainer").lt(when(col("_cu_churn").lt(CHURN_SHARE),
                  COMPLAINER_SHARE_OF_CHURNERS).otherwise(COMPLAINER_SHARE_OF_STAYERS))))
          .drop(draws.keySet().toArray(String[]::new))
          .drop("_province", "_spelling", "_surname", "_rank_fraction");
    }

    private Column name() {
      Column surname = pick(col("_surname"), labels(SURNAMES));
      Column first = pick(floor(col("_cu_given-1").multiply(GIVEN_NAME_CHARS.size())), GIVEN_NAME_CHARS);
      Column second = pick(floor(col("_cu_given-2").multiply(GIVEN_NAME_CHARS.size())), GIVEN_NAME_CHARS);
      return when(col("_cu_given-length").lt(0.3), concat(surname, first)).otherwise(concat(surname, first, second));
    }

    private Column phone() {
      Column prefix = pick(floor(col("_cu_phone-prefix").multiply(MOBILE_PREFIXES.size())), MOBILE_PREFIXES);
      Column digits = floor(col("_cu_phone-digits").multiply(100_000_000L)).cast("string");
      return concat(prefix, lpad(digits, 8, "0"));
    }

    /** The province as the export spells it (see {@link #SPELLING_WEIGHTS}). */
    private Column provinceSpelling() {
      Column province = col("_province");
      Column variant = col("_spelling");
      Column detail = col("_cu_province-detail");
      Column full = pick(province, provinceField(Province::fullName));
      Column shortName = pick(province, provinceField(Province::shortName));
      Column junk = pick(floor(detail.minus(0.4).divide(0.6).multiply(JUNK_PROVINCES.size())), JUNK_PROVINCES);
      return when(variant.equalTo(0), full)
          .when(variant.equalTo(1), shortName)
          .when(variant.equalTo(2), pick(province, provinceField(Province::latinName)))
          .when(variant.equalTo(3),
              when(detail.lt(0.5), concat(full, lit(" "))).otherwise(concat(shortName, lit("\u3000"))))
          .otherwise(when(detail.lt(0.4), lit(null).cast(DataTypes.StringType)).otherwise(junk));
    }

    /** The capital (half the time) or another big city of the province. */
    private Column city() {
      List<Column> perProvince = new ArrayList<>();
      for (Province p : PROVINCES) {
        List<String> c = p.cities();
        List<String> slots = List.of(c.get(0), c.get(0), c.get(Math.min(1, c.size() - 1)), c.get(c.size() - 1));
        perProvince.add(array(slots.stream().map(v -> lit(v)).toArray(Column[]::new)));
      }
      Column byProvince = element_at(array(perProvince.toArray(Column[]::new)), col("_province").plus(1));
      return element_at(byProvince, floor(col("_cu_city").multiply(4)).cast("int").plus(1));
    }

    /**
     * Signup before the start date (within {@link #SIGNUP_YEARS_BEFORE_START} years) or on a day of the order
     * window. The most active customers are mostly long-standing ones (90% before the start, the tail 45%).
     */
    private Column signupDate(Column rankFraction) {
      Column lessActive = lit(1.0).minus(rankFraction);
      Column beforeStart = lit(0.45).plus(lessActive.multiply(lessActive).multiply(0.45));
      Column u = col("_cu_signup-day");
      long daysBefore = ChronoUnit.DAYS.between(start.minusYears(SIGNUP_YEARS_BEFORE_START), start);
      long windowDays = ChronoUnit.DAYS.between(start, end) + 1;
      return when(col("_cu_signup-era").lt(beforeStart),
          date_sub(lit(start), floor(u.multiply(daysBefore)).cast("int").plus(1)))
          .otherwise(date_add(lit(start), floor(u.multiply(windowDays)).cast("int")));
    }

    /** Lognormal around {@link #MEDIAN_SPEND}, times the company size factor and activity^0.3. */
    private Column spendLevel(Column z, Column size, Column rankFraction) {
      Column heaviness = pow(greatest(rankFraction, lit(HEAD_SHARE)), -TAIL_EXPONENT).divide(meanWeight);
      return exp(z.multiply(CUSTOMER_SPEND_SIGMA)).multiply(MEDIAN_SPEND)
          .multiply(pick(size, COMPANY_SIZES.stream().map(Choice::spendFactor).toList()))
          .multiply(pow(heaviness, 0.3));
    }

    /**
     * The last day a customer buys: the end date, or for a churning customer a day in the last
     * {@link #CHURN_WINDOW_SHARE} of the window [earliest, end].
     */
    Column lastPurchaseDay(Column earliest, Column churns, Column churnPoint) {
      Column windowDays = datediff(lit(end), earliest).plus(1);
      Column offset = floor(lit(1 - CHURN_WINDOW_SHARE).plus(churnPoint.multiply(CHURN_WINDOW_SHARE))
          .multiply(windowDays)).cast("int");
      return when(churns, least(date_add(earliest, offset), lit(end))).otherwise(lit(end));
    }

    /**
     * Adds {@code out}: a day in [earliest, latest] drawn from the seasonal calendar with the uniform {@code u}, with
     * extra orders on 6-18 and 11-11 (uniform {@code uFestival}). On the "seasonal time" scale a whole year counts
     * sum(MONTH_WEIGHTS) and a month its weight, spread evenly over its days; a uniform draw on that scale between
     * the positions of {@code earliest} and the day after the end gives the seasonal calendar.
     */
    Function1<Dataset<Row>, Dataset<Row>> withOrderDate(String earliest, String latest, String u, String uFestival,
        String out) {
      double yearWeight = Arrays.stream(MONTH_WEIGHTS).sum();
      Column high = col("_season_high");
      Column low = col("_season_low");
      Column position = col("_season_position");
      Column withinYear = col("_season_within_year");
      Column monthIndex = col("_season_month");
      Column firstOfMonth = col("_season_first");
      Column plainDay = col("_season_plain_day");
      Column festival = col("_season_festival");
      Column onFestival = col(uFestival).lt(FESTIVAL_DAY_SHARE)
          .and(festival.geq(col(earliest))).and(festival.leq(col(latest)));
      return table -> table
          .withColumns(columns(
              "_season_low", seasonPosition(col(earliest)),
              "_season_high", seasonPosition(date_add(col(latest), 1))))
          .withColumn("_season_position", low.plus(col(u).multiply(high.minus(low))))
          .withColumns(columns(
              "_season_year", floor(position.divide(yearWeight)),
              "_season_within_year", position.minus(floor(position.divide(yearWeight)).multiply(yearWeight))))
          .withColumn("_season_month", weightedIndex(withinYear.divide(yearWeight), MONTH_WEIGHTS))
          .withColumns(columns(
              "_season_first", make_date(col("_season_year").plus(start.getYear()).cast("int"), monthIndex.plus(1),
                  lit(1)),
              "_season_fraction", withinYear.minus(element_at(monthStarts(), monthIndex.plus(1)))
                  .divide(element_at(doubles(MONTH_WEIGHTS), monthIndex.plus(1)))))
          .withColumn("_season_plain_day", date_add(firstOfMonth,
              floor(col("_season_fraction").multiply(dayofmonth(last_day(firstOfMonth)))).cast("int")))
          .withColumn("_season_festival", when(month(plainDay).equalTo(11), make_date(year(plainDay), lit(11), lit(11)))
              .when(month(plainDay).equalTo(6), make_date(year(plainDay), lit(6), lit(18))))
          // Floating-point edges of the inverse may land a day outside the window; the window wins.
          .withColumn(out, least(greatest(when(onFestival, festival).otherwise(plainDay), col(earliest)),
              col(latest)))
          .drop("_season_low", "_season_high", "_season_position", "_season_year", "_season_within_year", "_season_month",
              "_season_first", "_season_fraction", "_season_plain_day", "_season_festival");
    }

    private Column seasonPosition(Column date) {
      Column monthNumber = month(date);
      Column dayFraction = dayofmonth(date).minus(1).divide(dayofmonth(last_day(date)));
      return year(date).minus(start.getYear()).multiply(Arrays.stream(MONTH_WEIGHTS).sum())
          .plus(element_at(monthStarts(), monthNumber))
          .plus(element_at(doubles(MONTH_WEIGHTS), monthNumber).multiply(dayFraction));
    }

    private static Column monthStarts() {
      double[] starts = new double[MONTH_WEIGHTS.length];
      for (int i = 1; i < starts.length; i++) {
        starts[i] = starts[i - 1] + MONTH_WEIGHTS[i - 1];
      }
      return doubles(starts);
    }

    /** The spend level times the category's price factor times per-order lognormal noise; at least 1.00. */
    Column purchaseAmount(Column spendLevel, Column category, Column z) {
      Column amount = spendLevel
          .multiply(pick(category, CATEGORIES.stream().map(Choice::spendFactor).toList()))
          .multiply(exp(z.multiply(ORDER_SPEND_SIGMA)));
      return round(greatest(amount, lit(1.0)), 2).cast(MONEY);
    }

    /**
     * Adds _quantity (units by the customer's motive), _list_price (unit price before discount: the paid unit price
     * rounded down to the cent at full price, so that list x units never exceeds the amount; paid / (1 - 10..40%)
     * at a discount) and _brand (index of {@link #BRANDS}). Every draw is keyed by the purchase, so a return line
     * repeats its purchase's units and brand.
     */
    Function1<Dataset<Row>, Dataset<Row>> withQuantityPriceAndBrand() {
      Column motive = col("_motive");
      Column quantityIndex = null;
      for (int i = 0; i < QUANTITY_WEIGHTS.length; i++) {
        Column index = weightedIndex(col("_u_quantity"), QUANTITY_WEIGHTS[i]);
        quantityIndex = quantityIndex == null ? when(motive.equalTo(i), index)
            : quantityIndex.when(motive.equalTo(i), index);
      }
      Column discountRate = element_at(doubles(DISCOUNT_RATES), motive.plus(1));
      Column uniformBrand = floor(col("_u_brand").multiply(BRANDS.size())).cast("int");
      Column leaning = when(motive.equalTo(BRAND_LOYAL), col("_favourite_brand"))
          .when(motive.equalTo(PRICE_SENSITIVE), lit(VALUE_BRAND))
          .when(motive.equalTo(QUALITY_SEEKING), lit(PREMIUM_BRAND));
      Column leaningShare = when(motive.equalTo(BRAND_LOYAL), lit(FAVOURITE_BRAND_SHARE))
          .otherwise(lit(LEANING_BRAND_SHARE));
      // Decimal, so that a whole-cent unit price stays exact when rounded down (2082.20 as a double is 2082.1999...).
      Column unitPaid = col("_purchase_amount").divide(col("_quantity"));
      Column units = pick(quantityIndex.otherwise(0), Arrays.stream(QUANTITIES).boxed().toList());
      return table -> table
          .withColumns(columns(
              "_quantity", units,
              "_discounted", col("_u_discount").lt(discountRate),
              "_brand", when(leaning.isNotNull().and(col("_u_brand_mode").lt(leaningShare)), leaning)
                  .otherwise(uniformBrand)))
          .withColumn("_list_price", when(col("_discounted"),
              round(unitPaid.cast("double").divide(lit(0.9).minus(col("_u_discount_rate").multiply(0.3))), 2))
              .otherwise(floor(unitPaid.multiply(100)).divide(100)).cast(MONEY))
          .drop("_discounted");
    }

    /** Minus the purchase amount, or minus 10-90% of it for a partial refund. */
    Column refund(Column purchaseAmount, Column uKind, Column uShare) {
      Column partial = round(purchaseAmount.cast("double").multiply(lit(0.1).plus(uShare.multiply(0.8))), 2)
          .cast(MONEY);
      return negate(when(uKind.lt(FULL_REFUND_SHARE), purchaseAmount).otherwise(partial));
    }

    /** One hour to {@link #MAX_RETURN_DAYS} days after the purchase, but not after the last second of the end date. */
    Column returnSeconds(Column purchaseSeconds, Column uDelay) {
      long maxDelay = MAX_RETURN_DAYS * SECONDS_PER_DAY;
      Column delay = floor(uDelay.multiply(maxDelay - 3600)).plus(3600);
      long lastSecond = end.toEpochDay() * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;
      return least(purchaseSeconds.plus(delay), lit(lastSecond));
    }

    private static Column doubles(double[] values) {
      return array(Arrays.stream(values).mapToObj(v -> lit(v)).toArray(Column[]::new));
    }
  }

  private SampleDataGenerator() {}
}
