package com.custseg.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scripts/refresh.sh picks the snapshot of the period that just closed. */
class RefreshScriptTest {

  private static String run(String... flags) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/refresh.sh", "--print-as-of"));
    command.addAll(List.of(flags));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor() + ":" + out;
  }

  @Test
  void monthlySnapshotIsTheFirstOfTheCurrentMonth() throws Exception {
    assertThat(run("--today", "2026-11-23")).isEqualTo("0:2026-11-01");
    assertThat(run("--today", "2026-11-01")).isEqualTo("0:2026-11-01");
    assertThat(run("--today", "2024-03-01")).isEqualTo("0:2024-03-01");
  }

  @Test
  void weeklySnapshotIsThisWeeksMonday() throws Exception {
    // 2026-11-23 is a Monday, 2026-11-01 a Sunday, 2024-02-29 a Thursday.
    assertThat(run("--period", "weekly", "--today", "2026-11-23")).isEqualTo("0:2026-11-23");
    assertThat(run("--period", "weekly", "--today", "2026-11-01")).isEqualTo("0:2026-10-26");
    assertThat(run("--period", "weekly", "--today", "2024-02-29")).isEqualTo("0:2024-02-26");
  }

  @Test
  void badFlagsExitWithCodeTwoAndSayWhatIsWrong() throws Exception {
    assertThat(run("--today", "2026-13-01"))
        .isEqualTo("2:refresh.sh: --today must be a date YYYY-MM-DD, got: 2026-13-01");
    assertThat(run("--period", "daily")).isEqualTo("2:refresh.sh: --period must be monthly or weekly, got: daily");
  }
}
