package com.custseg.history;

import static org.apache.spark.sql.functions.col;

import com.custseg.io.OutputTables;
import com.custseg.io.RunMetricsTable;
import com.custseg.quality.RunMetrics;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes the table writes of a run whose driver died before it could roll them back.
 *
 * <p>{@link SnapshotWrites} rolls a failed run back itself, but a driver that is killed (out of memory, a preempted
 * container, a lost node) runs no code: the tables it had already written keep the new snapshot while the others do
 * not. Every write of a run is therefore tagged with the run's id (the Delta commit's userMetadata), and a run that
 * ends, succeeded or failed, records its end in run_metrics. At the start of the next run, a tagged commit whose run
 * has no run_metrics row belongs to an interrupted run: each table holding one is restored to the version before
 * that commit (or, if the interrupted run created the table, loses that run's snapshot rows). The output is then as
 * the last finished run left it, and the new run goes on from there. The interrupted run then gets its run_metrics
 * row (status interrupted), which both tells analysts what happened and marks the run as dealt with.
 *
 * <p>Runs must not overlap on one output root: a run still in progress looks interrupted to another one.
 */
public final class InterruptedRuns {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedRuns.class);
  private static final String TAG_PREFIX = "custseg-run ";
  private static final Pattern TAG = Pattern.compile(Pattern.quote(TAG_PREFIX) + "(\\S+) snapshot (\\d{4}-\\d{2}-\\d{2})");
  /**
   * Commits read from each table's history (a bounded collect): a run writes each table once, and every run
   * recovers before it writes, so an interrupted run's commits are among the latest few.
   */
  static final int HISTORY_DEPTH = 20;

  /** The userMetadata of a commit written by run {@code runId} for {@code snapshotDate}. */
  public static String tag(String runId, LocalDate snapshotDate) {
    return TAG_PREFIX + runId + " snapshot " + snapshotDate;
  }

  /** A tagged commit of a table. */
  record TaggedCommit(long version, Instant timestamp, String runId, LocalDate snapshotDate) {}

  /** What was undone in one table. */
  public record Undone(String path, String runId, LocalDate snapshotDate, long restoredVersion) {}

  /**
   * Restores every table in {@code tablePaths} that holds a commit of an interrupted run (see the class comment).
   * Tables that do not exist are skipped. Returns what was undone, for the log and for tests.
   */
  public static List<Undone> recover(SparkSession spark, List<String> tablePaths, String runMetricsPath) {
    Map<String, List<TaggedCommit>> tagged = new LinkedHashMap<>();
    Set<String> runIds = new HashSet<>();
    for (String path : tablePaths) {
      if (DeltaTable.isDeltaTable(spark, path)) {
        List<TaggedCommit> commits = taggedCommits(spark, path);
        tagged.put(path, commits);
        commits.forEach(c -> runIds.add(c.runId()));
      }
    }
    if (runIds.isEmpty()) {
      return List.of();
    }
    Set<String> interrupted = new HashSet<>(runIds);
    interrupted.removeAll(finishedRuns(spark, runMetricsPath, runIds));
    List<Undone> undone = new ArrayList<>();
    Map<String, TaggedCommit> firstWrites = new TreeMap<>();
    tagged.forEach((path, commits) -> oldestOf(commits, interrupted).ifPresent(commit -> {
      undone.add(undo(spark, path, commit));
      firstWrites.merge(commit.runId(), commit, (a, b) -> a.timestamp().isBefore(b.timestamp()) ? a : b);
    }));
    // Recorded after every table is restored: a driver dying in between leaves the run unrecorded, and the next
    // run restores the same versions again.
    Instant now = Instant.now();
    firstWrites.values().forEach(first -> RunMetricsTable.append(spark, runMetricsPath,
        RunMetrics.interrupted(first.runId(), first.snapshotDate(), first.timestamp(), now)));
    return undone;
  }

  private static List<TaggedCommit> taggedCommits(SparkSession spark, String path) {
    List<TaggedCommit> commits = new ArrayList<>();
    // Bounded: HISTORY_DEPTH rows.
    for (Row r : DeltaTable.forPath(spark, path).history(HISTORY_DEPTH)
        .select("version", "timestamp", "userMetadata").collectAsList()) {
      if (!r.isNullAt(2)) {
        Matcher m = TAG.matcher(r.getString(2));
        if (m.matches()) {
          commits.add(new TaggedCommit(r.getLong(0), r.getTimestamp(1).toInstant(), m.group(1),
              LocalDate.parse(m.group(2))));
        }
      }
    }
    return commits;
  }

  /** The runs among {@code runIds} with a run_metrics row (at most {@code runIds.size()} ids collected). */
  private static Set<String> finishedRuns(SparkSession spark, String runMetricsPath, Set<String> runIds) {
    if (!DeltaTable.isDeltaTable(spark, runMetricsPath)) {
      return Set.of();
    }
    Set<String> finished = new HashSet<>();
    // Bounded: at most one row per id asked for (a few per table).
    spark.read().format("delta").load(runMetricsPath)
        .where(col(RunMetricsTable.RUN_ID).isin(runIds.toArray()))
        .select(RunMetricsTable.RUN_ID).distinct()
        .collectAsList().forEach(r -> finished.add(r.getString(0)));
    return finished;
  }

  private static Optional<TaggedCommit> oldestOf(List<TaggedCommit> commits, Set<String> interrupted) {
    return commits.stream().filter(c -> interrupted.contains(c.runId()))
        .min(Comparator.comparingLong(TaggedCommit::version));
  }

  private static Undone undo(SparkSession spark, String path, TaggedCommit commit) {
    DeltaTable table = DeltaTable.forPath(spark, path);
    if (commit.version() == 0) {
      LOG.warn("{}: run {} was interrupted after creating this table; deleting its snapshot {}", path,
          commit.runId(), commit.snapshotDate());
      table.delete(OutputTables.SNAPSHOT_DATE + " = DATE'" + commit.snapshotDate() + "'");
      return new Undone(path, commit.runId(), commit.snapshotDate(), -1);
    }
    long restored = commit.version() - 1;
    LOG.warn("{}: run {} (snapshot {}) was interrupted before it finished; restoring version {}", path,
        commit.runId(), commit.snapshotDate(), restored);
    table.restoreToVersion(restored);
    return new Undone(path, commit.runId(), commit.snapshotDate(), restored);
  }

  private InterruptedRuns() {}
}
