package com.custseg.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run at a time on an output root: the second fails at once naming the first; a dead run's lock is taken. */
class OutputLockTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Instant STARTED = Instant.parse("2026-12-01T02:00:00Z");

  @TempDir
  Path root;

  @Test
  void aSecondRunOnTheSameRootFailsAtOnceNamingTheRunThatHoldsIt() {
    try (OutputLock first = OutputLock.acquire(new Configuration(), root.toString(), "run-1", STARTED, TIMEOUT)) {
      assertThat(first.takenOver()).isNull();
      assertThatThrownBy(() -> OutputLock.acquire(new Configuration(), root.toString(), "run-2", Instant.now(),
          TIMEOUT))
          .isInstanceOf(OutputLock.OutputInUseException.class)
          .hasMessageStartingWith("output root " + root + " in use by run run-1 since 2026-12-01T02:00:00Z on ")
          .hasMessageContaining("last heartbeat");
    }
  }

  @Test
  void theLockIsReleasedWhenTheRunEndsSoTheNextRunTakesIt() {
    OutputLock.acquire(new Configuration(), root.toString(), "run-1", STARTED, TIMEOUT).close();

    assertThat(root.resolve(OutputLock.FILE)).doesNotExist();
    try (OutputLock next = OutputLock.acquire(new Configuration(), root.toString(), "run-2", STARTED, TIMEOUT)) {
      assertThat(next.takenOver()).isNull();
      assertThat(root.resolve(OutputLock.FILE)).content().contains("run_id=run-2");
    }
  }

  @Test
  void aLockWithoutHeartbeatForLongerThanTheTimeoutIsTakenOverAndReported() throws Exception {
    OutputLock dead = OutputLock.acquire(new Configuration(), root.toString(), "run-dead", STARTED, TIMEOUT);
    dead.stopHeartbeatForTest();
    Files.setLastModifiedTime(root.resolve(OutputLock.FILE),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));

    try (OutputLock next = OutputLock.acquire(new Configuration(), root.toString(), "run-2", STARTED, TIMEOUT)) {
      assertThat(next.takenOver()).startsWith("run run-dead since 2026-12-01T02:00:00Z on ");
      assertThat(root.resolve(OutputLock.FILE)).content().contains("run_id=run-2");
      // The dead run, should it come back, does not remove the lock it lost.
      dead.close();
      assertThat(root.resolve(OutputLock.FILE)).content().contains("run_id=run-2");
    }
  }

  @Test
  void theHeartbeatRenewsTheLock() throws Exception {
    try (OutputLock lock = OutputLock.acquire(new Configuration(), root.toString(), "run-1", STARTED,
        Duration.ofMillis(400))) {
      Files.setLastModifiedTime(root.resolve(OutputLock.FILE), FileTime.from(Instant.now().minusSeconds(3600)));
      Thread.sleep(600);
      assertThat(Files.getLastModifiedTime(root.resolve(OutputLock.FILE)).toInstant())
          .isAfter(Instant.now().minusSeconds(5));
    }
  }
}
