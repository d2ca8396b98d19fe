package com.custseg.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time on an output root: the lock file {@value #FILE} under the root, created exclusively (an atomic
 * create-if-absent on local disks and HDFS; object stores without one, such as plain S3, need the scheduler to keep
 * runs apart) and holding the run id, host, pid and start time. While the run works, a daemon thread renews the
 * file's modification time (the heartbeat). A second run fails at once, naming the first; a lock whose heartbeat is
 * older than the timeout belongs to a run that died without releasing it, and is taken over with a warning.
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  public static final String FILE = "_run.lock";
  private static final String RUN_ID = "run_id";
  private static final String HOST = "host";
  private static final String PID = "pid";
  private static final String STARTED_AT = "started_at";

  /** Another run holds the lock. */
  public static final class OutputInUseException extends IllegalStateException {
    OutputInUseException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final String runId;
  private final ScheduledExecutorService heartbeat;
  private final String takenOver;

  private OutputLock(FileSystem fs, Path file, String runId, Duration heartbeatEvery, String takenOver) {
    this.fs = fs;
    this.file = file;
    this.runId = runId;
    this.takenOver = takenOver;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "custseg-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, heartbeatEvery.toMillis());
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of {@code root} for run {@code runId}, started at {@code startedAt}.
   *
   * @param timeout a lock whose heartbeat is older than this is taken over; the heartbeat comes every quarter of it
   * @throws OutputInUseException when another run holds a live lock
   */
  public static OutputLock acquire(Configuration hadoop, String root, String runId, Instant startedAt,
      Duration timeout) {
    Path dir = new Path(root);
    Path file = new Path(dir, FILE);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      fs.mkdirs(dir);
      byte[] content = content(runId, startedAt);
      String takenOver = null;
      if (!create(fs, file, content)) {
        Properties holder = read(fs, file);
        Instant beat = Instant.ofEpochMilli(fs.getFileStatus(file).getModificationTime());
        Duration age = Duration.between(beat, Instant.now());
        String who = "run " + holder.getProperty(RUN_ID, "?") + " since " + holder.getProperty(STARTED_AT, "?")
            + " on " + holder.getProperty(HOST, "?") + " (pid " + holder.getProperty(PID, "?") + ")";
        if (age.compareTo(timeout) <= 0) {
          throw new OutputInUseException("output root " + root + " in use by " + who + ", last heartbeat "
              + age.toSeconds() + " s ago; runs on one output root must not overlap (a lock without a heartbeat for "
              + timeout.toMinutes() + " minutes is taken over)");
        }
        LOG.warn("taking over the lock of {}: {} stopped its heartbeat {} minutes ago (it died without releasing it)",
            root, who, age.toMinutes());
        fs.delete(file, false);
        if (!create(fs, file, content)) {
          throw new OutputInUseException("output root " + root + " in use: another run took the stale lock of "
              + who + " first");
        }
        takenOver = who;
      }
      LOG.info("run {} holds the lock {}", runId, file);
      return new OutputLock(fs, file, runId, timeout.dividedBy(4), takenOver);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lock " + file, e);
    }
  }

  /** The run whose stale lock this one took over (id, start, host, pid), or null. */
  public String takenOver() {
    return takenOver;
  }

  /** Stops the heartbeat only, as a run whose driver hangs would: tests make a lock go stale with it. */
  void stopHeartbeatForTest() {
    heartbeat.shutdownNow();
  }

  /** Stops the heartbeat and removes the lock file, if it is still this run's. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      if (fs.exists(file) && runId.equals(read(fs, file).getProperty(RUN_ID))) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the lock {} (the next run takes it over after the timeout): {}", file,
          e.getMessage());
    }
  }

  private void beat() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      LOG.warn("lock heartbeat on {} failed: {}", file, e.getMessage());
    }
  }

  /** Creates the file with the content unless it exists; false when it exists. */
  private static boolean create(FileSystem fs, Path file, byte[] content) throws IOException {
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      // Hadoop's local create(overwrite = false) checks, then creates; the JDK's CREATE_NEW is one atomic step.
      java.nio.file.Path local = Paths.get(fs.makeQualified(file).toUri());
      try {
        Files.write(local, content, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static byte[] content(String runId, Instant startedAt) throws IOException {
    Properties p = new Properties();
    p.setProperty(RUN_ID, runId);
    p.setProperty(HOST, InetAddress.getLocalHost().getHostName());
    p.setProperty(PID, Long.toString(ProcessHandle.current().pid()));
    p.setProperty(STARTED_AT, startedAt.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.store(out, "customer segmentation run lock");
    return out.toByteArray();
  }

  private static Properties read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      Properties p = new Properties();
      p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
      return p;
    }
  }
}
