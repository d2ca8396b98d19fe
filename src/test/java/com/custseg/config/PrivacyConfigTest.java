package com.custseg.config;

import static com.custseg.testing.TestConfigs.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.custseg.config.PrivacyConfig.Mode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrivacyConfigTest {
  private static final String KEY = "a-secret-of-32-characters-length";

  @Test
  void byDefaultNamePhoneEmailIdNumberAndAddressAreDroppedAndNoKeyIsNeeded() {
    PrivacyConfig privacy = load(name -> null).privacy();

    assertThat(privacy.piiColumns()).containsExactly("name", "phone", "email", "id_number", "address");
    assertThat(privacy.mode()).isEqualTo(Mode.DROP);
    assertThat(privacy.phoneColumns()).containsExactly("phone");
    assertThat(privacy.hashKeyEnv()).isEqualTo("CUSTSEG_PII_HASH_KEY");
    assertThat(privacy.hashKey()).isEmpty();
    assertThat(privacy.isPii("Phone")).isTrue();
    assertThat(privacy.isPii("city")).isFalse();
  }

  @Test
  void hashModeReadsTheKeyFromTheEnvironmentVariableNamedInConfig() {
    PrivacyConfig privacy = load(Map.of("MY_PII_KEY", KEY)::get,
        "--set", "segmentation.privacy.mode=hash", "--set", "segmentation.privacy.hash-key-env=MY_PII_KEY").privacy();

    assertThat(privacy.mode()).isEqualTo(Mode.HASH);
    assertThat(privacy.hashKey()).isEqualTo(KEY.getBytes(StandardCharsets.UTF_8));
    assertThat(privacy.toString()).doesNotContain(KEY).contains("hashKey=<redacted>");
  }

  @Test
  void hashModeWithoutTheKeyVariableRefusesToStartNamingTheKeyAndTheVariable() {
    assertThatThrownBy(() -> load(name -> null, "--set", "segmentation.privacy.mode=hash"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.privacy.mode = hash needs the HMAC key in the environment variable "
            + "CUSTSEG_PII_HASH_KEY (named by segmentation.privacy.hash-key-env), which is not set or blank");
    assertThatThrownBy(() -> load(Map.of("CUSTSEG_PII_HASH_KEY", "  ")::get, "--set", "segmentation.privacy.mode=hash"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable CUSTSEG_PII_HASH_KEY");
  }

  @Test
  void hashModeRejectsAShortKeyAndABlankVariableName() {
    assertThatThrownBy(() -> load(Map.of("CUSTSEG_PII_HASH_KEY", "short")::get,
        "--set", "segmentation.privacy.mode=hash"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.privacy.mode = hash needs a key of at least 16 bytes in the environment variable "
            + "CUSTSEG_PII_HASH_KEY (segmentation.privacy.hash-key-env), got 5");
    assertThatThrownBy(() -> load(name -> KEY, "--set", "segmentation.privacy.mode=hash",
        "--set", "segmentation.privacy.hash-key-env="))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.privacy.hash-key-env must name an environment variable when "
            + "segmentation.privacy.mode = hash");
  }

  @Test
  void anUnknownModeAndAPhoneColumnOutsideThePiiListAreRejected() {
    assertThatThrownBy(() -> load(name -> null, "--set", "segmentation.privacy.mode=encrypt"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.privacy.mode must be drop, mask or hash, got: encrypt");
    assertThatThrownBy(() -> new PrivacyConfig(List.of("name"), Mode.MASK, List.of("mobile"), "K", new byte[0]))
        .isInstanceOf(ConfigException.class)
        .hasMessage("segmentation.privacy.phone-columns: mobile is not in segmentation.privacy.pii-columns [name]");
  }
}
