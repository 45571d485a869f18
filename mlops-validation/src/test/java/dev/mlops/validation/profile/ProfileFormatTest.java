package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("profile formats")
class ProfileFormatTest {

  static byte[] resource(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            ProfileFormatTest.class.getResourceAsStream("/profile/" + name), name)) {
      return in.readAllBytes();
    }
  }

  /** The values of GoldenFixture's table, computed by hand. */
  static void assertGoldenValues(Profile p) {
    assertThat(p.rows()).isEqualTo(7);
    NumericColumnProfile x = (NumericColumnProfile) p.column("x");
    // x = {1.5, -2, 4, 4, 10}: mean 17.5 / 5, M2 = 30.25 + 4 + 0.25 + 0.25 + 42.25 = 77
    assertThat(x.count()).isEqualTo(5);
    assertThat(x.nullCount()).isEqualTo(1);
    assertThat(x.nanCount()).isEqualTo(1);
    assertThat(x.mean()).isEqualTo(3.5);
    assertThat(x.variance()).isEqualTo(77.0 / 4);
    assertThat(x.min()).isEqualTo(-2.0);
    assertThat(x.max()).isEqualTo(10.0);
    // sorted -2, 1.5, 4, 4, 10: q(0.25) = x[1]; q(0.95): h = 4 * 0.95 -> 4 + (h - 3) * 6
    assertThat(x.quantile(0.25)).isEqualTo(1.5);
    assertThat(x.quantile(0.95)).isEqualTo(4 + (4 * 0.95 - 3) * 6);
    assertThat(x.distinct()).isEqualTo(4);
    CategoricalColumnProfile c = (CategoricalColumnProfile) p.column("c");
    assertThat(c.count()).isEqualTo(6);
    assertThat(c.frequencies()).contains(Map.of("a", 3L, "b", 2L, "\u00e9", 1L));
    assertThat(c.frequentItems().top(1).get(0).item()).isEqualTo("a");
    assertThat(c.distinctSketch().estimate()).isBetween(2.99, 3.01);
    BooleanColumnProfile f = (BooleanColumnProfile) p.column("f");
    assertThat(f.trueCount()).isEqualTo(4);
    assertThat(f.falseCount()).isEqualTo(2);
    TimestampColumnProfile t = (TimestampColumnProfile) p.column("t");
    assertThat(t.min()).contains(Instant.EPOCH);
    assertThat(t.max()).contains(Instant.ofEpochSecond(86_400));
    assertThat(t.distinct()).isEqualTo(4);
  }

  @Nested
  @DisplayName("golden files of version 1")
  class Golden {
    @Test
    @DisplayName("the binary golden file reads back to the hand-computed values")
    void binary() throws IOException {
      assertGoldenValues(ProfileBinaryFormat.decode(resource("golden-v1.mlpf")));
    }

    @Test
    @DisplayName("the JSON golden file reads back to the hand-computed values")
    void json() throws IOException {
      String text = new String(resource("golden-v1.json"), StandardCharsets.UTF_8);
      assertGoldenValues(ProfileJsonFormat.read(text));
    }

    @Test
    @DisplayName("today's writers still produce the golden bytes and the golden CLI document")
    void writersStable() throws IOException {
      Profile p = Profiler.profile(GoldenFixture.table());
      assertThat(ProfileBinaryFormat.encode(p)).isEqualTo(resource("golden-v1.mlpf"));
      assertThat(ProfileJsonFormat.write(p) + "\n")
          .isEqualTo(new String(resource("golden-v1.json"), StandardCharsets.UTF_8));
      assertThat(ProfileJson.write(ProfileBinaryFormat.decode(resource("golden-v1.mlpf"))) + "\n")
          .isEqualTo(new String(resource("golden-v1-cli.json"), StandardCharsets.UTF_8));
    }
  }

  @Nested
  @DisplayName("round trips")
  class RoundTrip {
    @Test
    @DisplayName("a sketched profile survives binary and JSON and still merges")
    void roundTrip() {
      Profile p = Profiler.profile(Fixtures.table(3, 20_000, 500));
      Profile bin = ProfileBinaryFormat.decode(ProfileBinaryFormat.encode(p));
      Profile json = ProfileJsonFormat.read(ProfileJsonFormat.write(p));
      for (Profile q : new Profile[] {bin, json}) {
        Fixtures.assertExactPartsEqual(q, p);
        assertThat(ProfileJson.write(q)).isEqualTo(ProfileJson.write(p));
        Fixtures.assertExactPartsEqual(q.merge(p), p.merge(p));
      }
    }

    @Test
    @DisplayName("an empty table round-trips")
    void empty() {
      Profile p = Profiler.profile(Fixtures.table(3, 0, 5));
      Fixtures.assertExactPartsEqual(ProfileBinaryFormat.decode(ProfileBinaryFormat.encode(p)), p);
      Fixtures.assertExactPartsEqual(ProfileJsonFormat.read(ProfileJsonFormat.write(p)), p);
    }
  }

  @Nested
  @DisplayName("invalid input")
  class Invalid {
    @Test
    @DisplayName("a wrong id, an unknown version, a bad checksum and truncation are rejected")
    void rejected() throws IOException {
      byte[] good = resource("golden-v1.mlpf");
      byte[] id = good.clone();
      id[0] = 'X';
      byte[] version = good.clone();
      version[5] = 2;
      byte[] crc = good.clone();
      crc[40] ^= 1;
      byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
      assertThatThrownBy(() -> ProfileBinaryFormat.decode(id))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("format id");
      assertThatThrownBy(() -> ProfileBinaryFormat.decode(version))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("version 2");
      assertThatThrownBy(() -> ProfileBinaryFormat.decode(crc))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("checksum");
      assertThatThrownBy(() -> ProfileBinaryFormat.decode(cut))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("JSON of another format, version or shape is rejected")
    void json() {
      assertThatThrownBy(() -> ProfileJsonFormat.read("{"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> ProfileJsonFormat.read("{\"format\":\"x\"}"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("format");
      assertThatThrownBy(
              () -> ProfileJsonFormat.read("{\"format\":\"mlops-profile\",\"format_version\":2}"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("format_version 2");
    }
  }
}
