package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.InvalidInputException;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Cursor tokens: every cursor round-trips through its URL-safe token, and decoding any other string
 * throws {@link InvalidInputException} and nothing else.
 */
@Label("Run cursor properties")
class RunCursorPropertiesTest {

  @Property(tries = 1_000)
  @Label("decode(encode(c)) equals c, and the token is URL-safe")
  void roundTrip(@ForAll("cursors") RunCursor cursor) {
    String token = cursor.encode();
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(RunCursor.decode(token)).isEqualTo(cursor);
  }

  @Property(tries = 2_000)
  @Label("arbitrary strings decode to a cursor or throw InvalidInputException")
  void arbitraryStrings(@ForAll("strings") String token) {
    decodesOrRefuses(token);
  }

  @Property(tries = 2_000)
  @Label("arbitrary bytes, with or without a valid header, decode or throw InvalidInputException")
  void arbitraryBytes(@ForAll("bytes") byte[] bytes) {
    decodesOrRefuses(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  @Property(tries = 2_000)
  @Label("valid tokens with bytes flipped, cut or added decode or throw InvalidInputException")
  void mutatedTokens(@ForAll("mutated") byte[] bytes) {
    decodesOrRefuses(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static void decodesOrRefuses(String token) {
    RunCursor cursor;
    try {
      cursor = RunCursor.decode(token);
    } catch (InvalidInputException e) {
      assertThat(e).isExactlyInstanceOf(InvalidInputException.class);
      assertThat(e.field()).contains("cursor");
      return;
    }
    assertThat(RunCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @Provide
  Arbitrary<RunCursor> cursors() {
    return QueryArbitraries.cursors();
  }

  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars("ABCUgEabc019-_=+/ ").ofMaxLength(60),
        QueryArbitraries.cursors().map(RunCursor::encode).flatMap(t -> cut(t)));
  }

  private static Arbitrary<String> cut(String token) {
    return Arbitraries.integers().between(0, token.length()).map(n -> token.substring(0, n));
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
    return Arbitraries.oneOf(
        any,
        any.map(
            b -> {
              byte[] withHeader = new byte[b.length + 2];
              withHeader[0] = 0x52;
              withHeader[1] = 1;
              System.arraycopy(b, 0, withHeader, 2, b.length);
              return withHeader;
            }));
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return Combinators.combine(
            QueryArbitraries.cursors().map(c -> Base64.getUrlDecoder().decode(c.encode())),
            Arbitraries.doubles().between(0, 1).list().ofSize(3),
            Arbitraries.bytes().list().ofSize(3),
            Arbitraries.integers().between(0, 2))
        .as(RunCursorPropertiesTest::mutate);
  }

  private static byte[] mutate(byte[] bytes, List<Double> where, List<Byte> what, int kind) {
    byte[] copy = bytes.clone();
    int[] at = where.stream().mapToInt(w -> (int) (w * (copy.length - 1))).toArray();
    switch (kind) {
      case 0 -> {
        for (int i = 0; i < where.size(); i++) {
          copy[at[i]] = what.get(i);
        }
        return copy;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(copy, at[0]);
      }
      default -> {
        byte[] longer = java.util.Arrays.copyOf(copy, copy.length + 1);
        longer[copy.length] = what.get(0);
        return longer;
      }
    }
  }
}
