package com.custseg.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;

/**
 * HMAC-SHA-256 of a text value (UTF-8) as 64 lower-case hex characters; null stays null. Spark has no built-in
 * HMAC, hence this function. Building it from {@code sha2} would put the key into the query plan as a literal,
 * visible in the Spark UI and in plan logs; inside the function it only travels serialised with the task.
 */
final class HmacSha256 implements UDF1<String, String> {
  private static final String ALGORITHM = "HmacSHA256";
  private final byte[] key;
  private transient Mac mac;

  HmacSha256(byte[] key) {
    this.key = key.clone();
  }

  @Override
  public String call(String value) throws GeneralSecurityException {
    if (value == null) {
      return null;
    }
    if (mac == null) {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
    }
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "HmacSha256[key=<redacted>]";
  }
}
