package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.api.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Decoding garbage throws InvalidInputException and nothing else (jqwik fuzz). */
class ProfileFormatFuzzTest {

  private static final Profile SAMPLE =
      Profiler.profile(Fixtures.table(11, 3_000, 300), ProfileOptions.defaults());
  private static final byte[] BINARY = ProfileBinaryFormat.encode(SAMPLE);
  private static final byte[] SMALL =
      ProfileBinaryFormat.encode(Profiler.profile(GoldenFixture.table()));
  private static final String JSON =
      ProfileJsonFormat.write(Profiler.profile(GoldenFixture.table()));

  private static void decodeBinary(byte[] bytes) {
    try {
      Profile p = ProfileBinaryFormat.decode(bytes);
      assertThat(p).isNotNull();
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).contains("MLPF");
    } catch (Throwable t) {
      fail("decode threw " + t, t);
    }
  }

  private static void decodeBody(byte[] body) {
    try {
      ProfileBinaryFormat.decodeBody(ByteBuffer.wrap(body));
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).contains("MLPF");
    } catch (Throwable t) {
      fail("decodeBody threw " + t, t);
    }
  }

  private static void readJson(String text) {
    try {
      ProfileJsonFormat.read(text);
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).contains("mlops-profile");
    } catch (Throwable t) {
      fail("read threw " + t, t);
    }
  }

  @Property(tries = 500)
  @Label("random bytes, with or without the format id, are rejected with our exception")
  void randomBytes(@ForAll @Size(max = 600) byte[] bytes, @ForAll boolean withHeader) {
    byte[] b = bytes;
    if (withHeader && b.length >= 10) {
      b = bytes.clone();
      System.arraycopy(new byte[] {'M', 'L', 'P', 'F', 0, 1}, 0, b, 0, 6);
      ByteBuffer.wrap(b, 6, 4).putInt(b.length - 14);
    }
    decodeBinary(b);
  }

  @Property(tries = 1000)
  @Label("a valid file with flipped bytes or cut short is rejected with our exception")
  void mutated(
      @ForAll List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 1 << 20) int cut,
      @ForAll boolean small) {
    byte[] b = (small ? SMALL : BINARY).clone();
    for (int p : positions) {
      b[p % b.length] ^= value == 0 ? 1 : value;
    }
    decodeBinary(b);
    decodeBinary(java.util.Arrays.copyOf(b, cut % (b.length + 1)));
  }

  @Property(tries = 2000)
  @Label("a body with mutated bytes (checksum bypassed) decodes or throws our exception")
  void mutatedBody(
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 1 << 20) int cut,
      @ForAll boolean small) {
    byte[] file = small ? SMALL : BINARY;
    byte[] body = java.util.Arrays.copyOfRange(file, 10, file.length - 4);
    for (int p : positions) {
      body[p % body.length] = value;
    }
    decodeBody(body);
    decodeBody(java.util.Arrays.copyOf(body, cut % (body.length + 1)));
  }

  @Property(tries = 500)
  @Label("random text and mutated JSON documents are rejected with our exception")
  void json(
      @ForAll String text,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
      @ForAll char replacement) {
    readJson(text);
    StringBuilder b = new StringBuilder(JSON);
    for (int p : positions) {
      b.setCharAt(p % b.length(), replacement);
    }
    readJson(b.toString());
    byte[] utf8 = b.toString().getBytes(StandardCharsets.UTF_8);
    readJson(new String(utf8, 0, utf8.length / 2, StandardCharsets.UTF_8));
  }
}
