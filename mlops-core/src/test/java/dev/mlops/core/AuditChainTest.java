package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Audit chain hashing")
class AuditChainTest {
  private static final Instant TIME = Instant.parse("2026-01-02T03:04:05.123456789Z");
  private static final Map<String, String> DETAILS = Map.of("size", "12", "digest", "sha256:ab");

  // Expected values computed independently with Python's hashlib/hmac over the documented
  // encoding (length-prefixed UTF-8 fields, details sorted by key).
  private static final String SHA256 =
      "f2b2b73f9f4a5351bebef269213e47e33cd0e6566f5b92e183fed4dc8a1bcc38";
  private static final String HMAC =
      "a2dd79ffbebc759e9cfc86eb3b925b2fc3be464a1a10e49864b2a74bbda7d8d0";

  @Test
  @DisplayName("hashes the documented canonical encoding with SHA-256")
  void plainHashMatchesIndependentComputation() {
    String h =
        new AuditChain(null)
            .hash(
                1,
                TIME,
                "alice",
                "artifact.version.created",
                "artifact:data:1",
                DETAILS,
                AuditEvent.GENESIS_HASH);
    assertThat(h).isEqualTo(SHA256);
  }

  @Test
  @DisplayName("keys the same encoding with HMAC-SHA-256 when a key is given")
  void keyedHashMatchesIndependentComputation() {
    byte[] key = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    String h =
        new AuditChain(key)
            .hash(
                1,
                TIME,
                "alice",
                "artifact.version.created",
                "artifact:data:1",
                DETAILS,
                AuditEvent.GENESIS_HASH);
    assertThat(h).isEqualTo(HMAC);
  }

  @Test
  @DisplayName("moving text between adjacent fields changes the hash (no ambiguity)")
  void encodingIsUnambiguous() {
    AuditChain chain = new AuditChain(null);
    String a = chain.hash(1, TIME, "ab", "c", "s", Map.of(), AuditEvent.GENESIS_HASH);
    String b = chain.hash(1, TIME, "a", "bc", "s", Map.of(), AuditEvent.GENESIS_HASH);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  @DisplayName("a short HMAC key is refused")
  void shortKeyRefused() {
    assertThatThrownBy(() -> new AuditChain(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 bytes");
  }
}
