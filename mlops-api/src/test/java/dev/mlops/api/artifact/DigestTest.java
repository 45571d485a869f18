package dev.mlops.api.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Digest")
class DigestTest {
  // SHA-256("hello"), a published test vector.
  private static final String HELLO =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  @DisplayName("hashes bytes to the published SHA-256 vector")
  void hashesKnownVector() {
    assertThat(Digest.of("hello".getBytes(StandardCharsets.UTF_8)).hex()).isEqualTo(HELLO);
  }

  @Test
  @DisplayName("prints as sha256:<hex> and parses with or without the prefix")
  void printsAndParses() {
    Digest d = new Digest(HELLO);
    assertThat(d).hasToString("sha256:" + HELLO);
    assertThat(Digest.parse("sha256:" + HELLO)).isEqualTo(d);
    assertThat(Digest.parse(HELLO)).isEqualTo(d);
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(
      strings = {
        "",
        "sha256:",
        "abc",
        "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982g",
        "../../../../etc/passwd/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98240"
      })
  void refusesMalformed(String text) {
    assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(InvalidInputException.class);
  }

  @Property
  @Label("raw bytes round-trip through hex")
  void bytesRoundTrip(@ForAll byte[] data) {
    Digest d = Digest.of(data);
    assertThat(Digest.fromBytes(d.toBytes())).isEqualTo(d);
    assertThat(Digest.parse(d.toString())).isEqualTo(d);
  }
}
