package com.custseg.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throw-away PostgreSQL server for tests: {@code initdb} of a temporary cluster, started with
 * {@code pg_ctl} on a free loopback port (no Unix socket outside the temp folder), password authentication, stopped
 * and deleted by {@link #close}. Needs the server binaries of the Debian package {@code postgresql}
 * (/usr/lib/postgresql/N/bin); when they are missing the test fails with a message saying so, it is never skipped.
 * As root (containers, CI) the server runs as the {@code postgres} system user, because PostgreSQL refuses root.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "custseg";
  public static final String PASSWORD = "custseg-test-pw";
  public static final String DATABASE = "postgres";
  private static final String OS_USER = "postgres";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asRoot;

  private PostgresServer(Path bin, Path dir, int port, boolean asRoot) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asRoot = asRoot;
  }

  /** Creates, starts and returns a server; fails (does not skip) when PostgreSQL is not installed. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBinaries();
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("custseg-pg");
    PostgresServer server = new PostgresServer(bin, dir, freePort(), asRoot);
    try {
      server.initAndStart();
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /** Runs SQL statements (DDL and inserts of a fixture) in one transaction. */
  public void execute(String... statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String sql : statements) {
        s.execute(sql);
      }
      c.commit();
    }
  }

  private void initAndStart() throws IOException, InterruptedException {
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (asRoot) {
      run(List.of("chown", "-R", OS_USER, dir.toString()), false);
    }
    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
        "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), true);
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c max_connections=20 -c shared_buffers=16MB", "start"), true);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asServerUser && asRoot) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    Path log = dir.resolve("command.log");
    Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", full));
    }
    if (p.exitValue() != 0) {
      throw new IOException("failed (exit " + p.exitValue() + "): " + String.join(" ", full) + "\n"
          + Files.readString(log) + serverLog());
    }
  }

  private String serverLog() throws IOException {
    Path log = dir.resolve("server.log");
    return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
  }

  private static Path findBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(b -> versionOf(b.getParent())));
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found under "
        + "/usr/lib/postgresql/*/bin: the JDBC ingest test needs a real server. Install the Debian package: "
        + "apt-get install -y postgresql (.ci/run does this).");
  }

  private static int versionOf(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
