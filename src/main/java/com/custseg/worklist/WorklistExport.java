package com.custseg.worklist;

import static org.apache.spark.sql.functions.col;

import com.custseg.config.PlaybookAction;
import com.custseg.config.WorklistConfig;
import com.custseg.config.WorklistTeam;
import com.custseg.io.CustomerColumns;
import com.custseg.io.SnapshotTable;
import com.custseg.region.RegionColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-team worklist files of a snapshot, {@code <output>/export/<snapshot>/<team>/}: CSV and/or XLSX in
 * priority order, headers as the CRM template names them, contact details only for the teams allowed them.
 *
 * <p>Bounded on the driver: each team's rows come through {@link Dataset#toLocalIterator()} over the team's rows
 * sorted by rank, which fetches one partition at a time (a partition is at most about
 * spark.sql.adaptive.advisoryPartitionSizeInBytes after AQE), and the files are written while the rows stream past
 * ({@link WorklistFiles}). Nothing is collected whole.
 *
 * <p>Atomic per snapshot: every file is written under {@code export/_staging/<run id>/} first; {@link #publish}
 * then moves an existing {@code export/<snapshot>/} to {@code export/_trash/<run id>/} and renames the staging folder
 * into its place (renames are atomic on HDFS and local disks), so readers see the old worklist or the new one, never a
 * mix. The returned {@link SnapshotTable.Replacement} undoes that when the run fails later and drops the trash once
 * it succeeded. Every folder is created owner-only (0700), every file 0600: the files may hold contact details.
 */
public final class WorklistExport {
  private static final Logger LOG = LoggerFactory.getLogger(WorklistExport.class);
  public static final String FOLDER = "export";
  static final String STAGING = "_staging";
  static final String TRASH = "_trash";
  private static final FsPermission OWNER_ONLY = new FsPermission((short) 0700);
  private static final FsPermission OWNER_READ_WRITE = new FsPermission((short) 0600);

  /** The columns of every export, before the contact columns are inserted after customer_id. */
  static final List<String> COLUMNS = List.of(ActionList.PRIORITY_RANK, CustomerColumns.CUSTOMER_ID,
      ActionList.TEAM, ActionList.TEAM_NAME, RegionColumns.REGION_CODE, RegionColumns.PROVINCE, CustomerColumns.CITY,
      ActionList.ACTION, ActionList.ACTION_NAME, ActionList.CHANNEL, ActionList.PRIORITY, ActionList.DUE_DATE,
      ActionList.OFFER, ActionList.REASON);

  /** Every column an export may have, contacts included: the keys segmentation.export.headers may rename. */
  public static List<String> allColumns() {
    return layoutColumns(true);
  }

  /** The export folder of a snapshot under the output root. */
  public static String snapshotFolder(String outputRoot, LocalDate snapshot) {
    return new Path(new Path(outputRoot, FOLDER), snapshot.toString()).toString();
  }

  /**
   * Writes every team's files under the staging folder of this run and returns what was written, one entry per
   * file. {@code actions}: the snapshot's action_list rows; {@code contacts}: customer id → contact details
   * ({@link Contacts}), joined only into the rows of teams with contacts = true.
   */
  public static List<ExportedFile> stage(SparkSession spark, Dataset<Row> actions, Dataset<Row> contacts,
      WorklistConfig config, String outputRoot, LocalDate snapshot, String runId) {
    FileSystem fs = fileSystem(spark, outputRoot);
    Path root = new Path(outputRoot, FOLDER);
    Path staging = new Path(new Path(root, STAGING), runId);
    List<ExportedFile> files = new ArrayList<>();
    try {
      mkdirs(fs, root);
      mkdirs(fs, staging.getParent());
      mkdirs(fs, staging);
      Map<String, String> sheets = new LinkedHashMap<>();
      for (PlaybookAction a : config.listedActions()) {
        sheets.put(a.code(), a.name());
      }
      for (WorklistTeam team : config.teams()) {
        Path folder = new Path(staging, team.code());
        mkdirs(fs, folder);
        WorklistFiles.Layout layout = layout(config, team.contacts());
        Dataset<Row> rows = teamRows(actions, contacts, team, layout);
        // Each format streams the team's sorted rows; with two formats they are sorted (and the contacts joined)
        // once, kept on the executors (memory, then disk), not on the driver.
        boolean reused = config.export().formats().size() > 1;
        if (reused) {
          rows = rows.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        }
        String base = "worklist_" + team.code() + "_" + snapshot;
        for (WorklistConfig.Format format : config.export().formats()) {
          String name = base + "." + format.name().toLowerCase(java.util.Locale.ROOT);
          Path file = new Path(folder, name);
          MessageDigest sha = sha256();
          long n;
          try (OutputStream out = new DigestOutputStream(fs.create(file, true), sha)) {
            Iterator<Row> it = rows.toLocalIterator();
            if (format == WorklistConfig.Format.CSV) {
              WorklistFiles.CsvResult csv = WorklistFiles.csv(it, layout, config.export().csvCharset(), out);
              n = csv.rows();
              if (csv.unencodable() > 0) {
                LOG.warn("team {}: {} values have characters {} cannot encode, written as '?'", team.code(),
                    csv.unencodable(), config.export().csvCharset());
              }
            } else {
              n = WorklistFiles.xlsx(it, layout, sheets, out);
            }
          }
          fs.setPermission(file, OWNER_READ_WRITE);
          String encoding = format == WorklistConfig.Format.CSV ? WorklistFiles.encodingName(config.export())
              : "UTF-8";
          files.add(new ExportedFile(team.code(), team.name(), snapshot + "/" + team.code() + "/" + name,
              format.name().toLowerCase(java.util.Locale.ROOT), encoding, n, team.contacts(),
              HexFormat.of().formatHex(sha.digest())));
          LOG.info("export {}: {} customers{}", file, n, team.contacts() ? " with contact details" : "");
        }
        if (reused) {
          rows.unpersist();
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the worklist export under " + staging, e);
    }
  }

  /**
   * Swaps the staged folder of this run into {@code export/<snapshot>/}; the result undoes the swap or, once the run
   * succeeded, deletes the replaced folder.
   */
  public static SnapshotTable.Replacement publish(SparkSession spark, String outputRoot, LocalDate snapshot,
      String runId) {
    FileSystem fs = fileSystem(spark, outputRoot);
    Path root = new Path(outputRoot, FOLDER);
    Path staging = new Path(new Path(root, STAGING), runId);
    Path target = new Path(root, snapshot.toString());
    Path trash = new Path(new Path(root, TRASH), runId);
    try {
      boolean replaced = fs.exists(target);
      if (replaced) {
        mkdirs(fs, trash.getParent());
        rename(fs, target, trash);
      }
      rename(fs, staging, target);
      deleteIfEmpty(fs, staging.getParent());
      LOG.info("published the worklists of {} to {}{}", snapshot, target, replaced ? " (replacing the earlier)" : "");
      return new SnapshotTable.Replacement() {
        @Override
        public void undo() {
          try {
            fs.delete(target, true);
            if (replaced) {
              rename(fs, trash, target);
              deleteIfEmpty(fs, trash.getParent());
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot put back the worklists of " + snapshot + " from " + trash, e);
          }
        }

        @Override
        public void commit() {
          try {
            if (replaced) {
              fs.delete(trash, true);
              deleteIfEmpty(fs, trash.getParent());
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + trash, e);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the worklists of " + snapshot + " to " + target, e);
    }
  }

  /** Deletes what a run staged and did not publish (it failed before). */
  public static void discard(SparkSession spark, String outputRoot, String runId) {
    FileSystem fs = fileSystem(spark, outputRoot);
    Path staging = new Path(new Path(new Path(outputRoot, FOLDER), STAGING), runId);
    try {
      fs.delete(staging, true);
      deleteIfEmpty(fs, staging.getParent());
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", staging, e.getMessage());
    }
  }

  /** A team's rows in rank order, with the export's columns (contacts joined when the team may see them). */
  static Dataset<Row> teamRows(Dataset<Row> actions, Dataset<Row> contacts, WorklistTeam team,
      WorklistFiles.Layout layout) {
    Dataset<Row> rows = actions.where(col(ActionList.TEAM).equalTo(team.code()));
    if (team.contacts()) {
      rows = rows.join(contacts, new String[] {CustomerColumns.CUSTOMER_ID}, "left");
    }
    return rows.select(layout.columns().stream().map(c -> col(c)).toArray(Column[]::new))
        .orderBy(col(ActionList.PRIORITY_RANK));
  }

  static WorklistFiles.Layout layout(WorklistConfig config, boolean contacts) {
    List<String> columns = layoutColumns(contacts);
    return new WorklistFiles.Layout(columns, columns.stream().map(c -> config.export().header(c)).toList());
  }

  private static List<String> layoutColumns(boolean contacts) {
    List<String> columns = new ArrayList<>(COLUMNS);
    if (contacts) {
      columns.addAll(columns.indexOf(CustomerColumns.CUSTOMER_ID) + 1, Contacts.COLUMNS);
    }
    return columns;
  }

  /** The file system of the output root; for local paths the raw one, which writes no .crc side files. */
  static FileSystem fileSystem(SparkSession spark, String path) {
    try {
      FileSystem fs = new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + path, e);
    }
  }

  /** Creates a folder owner-only; an existing one is made owner-only too (mkdirs applies the umask). */
  private static void mkdirs(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir) && !fs.mkdirs(dir, OWNER_ONLY)) {
      throw new IOException("mkdirs " + dir + " returned false");
    }
    fs.setPermission(dir, OWNER_ONLY);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename of " + from + " to " + to + " returned false");
    }
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private WorklistExport() {}
}
