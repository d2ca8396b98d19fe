package com.custseg.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of the SQL endpoint, checked before Spark starts.
 *
 * @param output the job's output root, whose tables the endpoint serves
 * @param bind the address the Connect server listens on
 * @param port its port
 * @param master the Spark master the server's queries run on
 * @param token the token clients must send; required unless {@code bind} is a loopback address
 */
public record ServeOptions(String output, String bind, int port, String master, Optional<String> token) {
  /** The environment variable holding the token (the other source is {@code --token-file}). */
  public static final String TOKEN_ENV = "CUSTSEG_SQL_TOKEN";
  public static final String USAGE = String.join("\n",
      "Usage: SqlServer [--output DIR] [--bind ADDRESS] [--port N] [--master URL] [--token-file FILE]",
      "  --output DIR       output root of the job (default output)",
      "  --bind ADDRESS     address to listen on (default 127.0.0.1); any other than loopback needs a token",
      "  --port N           port (default 15002)",
      "  --master URL       Spark master of the server (default local[*])",
      "  --token-file FILE  file holding the clients' token, readable by its owner only",
      "The token can also come from the environment variable " + TOKEN_ENV + "; never from the command line.");

  public ServeOptions {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port must be 1..65535, got: " + port);
    }
    token = token.map(String::strip).filter(t -> !t.isEmpty());
    if (token.isEmpty() && !isLoopback(bind)) {
      throw new IllegalArgumentException("--bind " + bind + " is not a loopback address: a token is required (set "
          + TOKEN_ENV + " or pass --token-file FILE)");
    }
  }

  /** Parses the flags; the token comes from {@code --token-file} or, without it, from {@link #TOKEN_ENV}. */
  public static ServeOptions parse(String[] args, Map<String, String> env) {
    String output = "output";
    String bind = "127.0.0.1";
    int port = 15002;
    String master = "local[*]";
    Path tokenFile = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--token")) {
        throw new IllegalArgumentException("--token is not accepted: a command line is visible to every user of the"
            + " machine; set " + TOKEN_ENV + " or pass --token-file FILE");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag " + flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--output" -> output = value;
        case "--bind" -> bind = value;
        case "--port" -> port = parsePort(value);
        case "--master" -> master = value;
        case "--token-file" -> tokenFile = Path.of(value);
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    Optional<String> token = tokenFile != null ? Optional.of(readTokenFile(tokenFile))
        : Optional.ofNullable(env.get(TOKEN_ENV));
    return new ServeOptions(output, bind, port, master, token);
  }

  /** The token in {@code file}, which must be a regular file of the current user that nobody else can read. */
  static String readTokenFile(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("--token-file " + file + " is not a regular file");
      }
      String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
      if (!owner.equals(System.getProperty("user.name"))) {
        throw new IllegalArgumentException("--token-file " + file + " belongs to " + owner + ", not to "
            + System.getProperty("user.name"));
      }
      Set<PosixFilePermission> open = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      open.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE));
      if (!open.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + file + " is open to others (" + open
            + "): chmod 600 it");
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + file + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --token-file " + file, e);
    }
  }

  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + address + " is not a known address", e);
    }
  }

  private static int parsePort(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, got: " + value, e);
    }
  }
}
