package com.custseg.config;

import java.util.List;
import java.util.Locale;

/**
 * How personal data is kept out of the analyst-facing tables.
 *
 * @param piiColumns logical fields holding personal data (lower case), e.g. name, phone, id_number
 * @param mode what replaces them: drop the column, mask the value, or a keyed hash
 * @param phoneColumns the PII columns masked as phone numbers (first 3 and last 4 digits kept)
 * @param hashKeyEnv name of the environment variable the HMAC key was read from (for messages only)
 * @param hashKey the HMAC-SHA-256 key bytes when {@code mode} is {@link Mode#HASH}, else empty; never printed
 */
public record PrivacyConfig(List<String> piiColumns, Mode mode, List<String> phoneColumns, String hashKeyEnv,
    byte[] hashKey) {

  public static final String PII_COLUMNS = "segmentation.privacy.pii-columns";
  public static final String MODE = "segmentation.privacy.mode";
  public static final String PHONE_COLUMNS = "segmentation.privacy.phone-columns";
  public static final String HASH_KEY_ENV = "segmentation.privacy.hash-key-env";

  /** Shortest HMAC key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 16;

  public enum Mode {
    DROP, MASK, HASH
  }

  public PrivacyConfig {
    piiColumns = piiColumns.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
    phoneColumns = phoneColumns.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
    hashKey = hashKey.clone();
    for (String phone : phoneColumns) {
      if (!piiColumns.contains(phone)) {
        throw new ConfigException(PHONE_COLUMNS + ": " + phone
            + " is not in " + PII_COLUMNS + " " + piiColumns);
      }
    }
    if (mode == Mode.HASH && hashKey.length < MIN_KEY_BYTES) {
      throw new ConfigException(MODE + " = hash needs a key of at least " + MIN_KEY_BYTES
          + " bytes in the environment variable " + hashKeyEnv + " (" + HASH_KEY_ENV + "), got "
          + hashKey.length);
    }
  }

  /** Reads the key from the environment variable named by {@code hashKeyEnv} when hashing is asked for. */
  public static PrivacyConfig of(List<String> piiColumns, Mode mode, List<String> phoneColumns, String hashKeyEnv,
      java.util.function.Function<String, String> environment) {
    if (mode != Mode.HASH) {
      return new PrivacyConfig(piiColumns, mode, phoneColumns, hashKeyEnv, new byte[0]);
    }
    if (hashKeyEnv.isBlank()) {
      throw new ConfigException(HASH_KEY_ENV + " must name an environment variable when "
          + MODE + " = hash");
    }
    String key = environment.apply(hashKeyEnv);
    if (key == null || key.isBlank()) {
      throw new ConfigException(MODE + " = hash needs the HMAC key in the environment variable "
          + hashKeyEnv + " (named by " + HASH_KEY_ENV + "), which is not set or blank");
    }
    return new PrivacyConfig(piiColumns, mode, phoneColumns, hashKeyEnv,
        key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public byte[] hashKey() {
    return hashKey.clone();
  }

  public boolean isPii(String column) {
    return piiColumns.contains(column.toLowerCase(Locale.ROOT));
  }

  public boolean isPhone(String column) {
    return phoneColumns.contains(column.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivacyConfig p && piiColumns.equals(p.piiColumns) && mode == p.mode
        && phoneColumns.equals(p.phoneColumns) && hashKeyEnv.equals(p.hashKeyEnv)
        && java.util.Arrays.equals(hashKey, p.hashKey);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(piiColumns, mode, phoneColumns, hashKeyEnv, java.util.Arrays.hashCode(hashKey));
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "PrivacyConfig[piiColumns=" + piiColumns + ", mode=" + mode + ", phoneColumns=" + phoneColumns
        + ", hashKeyEnv=" + hashKeyEnv + ", hashKey=" + (hashKey.length == 0 ? "none" : "<redacted>") + "]";
  }
}
