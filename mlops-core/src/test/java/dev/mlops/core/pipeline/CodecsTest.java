package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.core.codec.Codecs;
import dev.mlops.spi.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Built-in codecs")
class CodecsTest {
  record Stats(String name, long count, double mean, List<String> tags) {}

  static <T> byte[] encode(Codec<T> c, T v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.encode(v, out);
    return out.toByteArray();
  }

  static <T> T decode(Codec<T> c, byte[] b) throws IOException {
    return c.decode(new ByteArrayInputStream(b));
  }

  @Test
  @DisplayName("bytes and UTF-8 round-trip, and write exactly the bytes expected")
  void plain() throws IOException {
    byte[] raw = {0, 1, (byte) 0xff};
    assertThat(encode(Codecs.bytes(), raw)).containsExactly(0, 1, 0xff);
    assertThat(decode(Codecs.bytes(), raw)).containsExactly(0, 1, 0xff);
    assertThat(encode(Codecs.utf8(), "é€")).isEqualTo("é€".getBytes(StandardCharsets.UTF_8));
    assertThat(decode(Codecs.utf8(), "é€".getBytes(StandardCharsets.UTF_8))).isEqualTo("é€");
  }

  @Test
  @DisplayName("UTF-8 refuses an unpaired surrogate and malformed bytes")
  void strictUtf8() {
    assertThatThrownBy(() -> encode(Codecs.utf8(), "a\uD800"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> decode(Codecs.utf8(), new byte[] {(byte) 0xc3}))
        .isInstanceOf(CorruptArtifactException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  @DisplayName("JSON round-trips a record and writes sorted keys, so equal values give equal bytes")
  void json() throws IOException {
    Codec<Stats> c = Codecs.json(Stats.class);
    Stats s = new Stats("n", 3, 0.5, List.of("a"));
    byte[] b = encode(c, s);
    assertThat(new String(b, StandardCharsets.UTF_8))
        .isEqualTo("{\"count\":3,\"mean\":0.5,\"name\":\"n\",\"tags\":[\"a\"]}");
    assertThat(decode(c, b)).isEqualTo(s);
    Map<String, Integer> m1 = new java.util.LinkedHashMap<>();
    m1.put("b", 1);
    m1.put("a", 2);
    @SuppressWarnings("rawtypes") // Map.class is the only class literal of a map
    Codec<Map> maps = Codecs.json(Map.class);
    assertThat(encode(maps, m1)).isEqualTo(encode(maps, new TreeMap<>(m1)));
  }

  @Test
  @DisplayName("JSON refuses unknown properties and trailing data")
  void jsonStrict() {
    Codec<Stats> c = Codecs.json(Stats.class);
    assertThatThrownBy(
            () ->
                decode(
                    c,
                    "{\"count\":3,\"mean\":0.5,\"name\":\"n\",\"tags\":[],\"x\":1}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptArtifactException.class);
    assertThatThrownBy(
            () -> decode(Codecs.json(Long.class), "1 2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptArtifactException.class);
  }
}
