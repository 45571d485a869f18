package dev.mlops.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The byte-level double parser agrees bit for bit with {@link Double#parseDouble}, the independent
 * reference, and the writer's shortest form reads back to the same bits.
 */
@Label("Numbers properties")
class NumbersPropertiesTest {

  private static double ours(String text) {
    byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
    return Numbers.parse(b, 2, b.length - 2);
  }

  private static void agrees(String text) {
    double expected = Double.parseDouble(text);
    assertThat(Double.doubleToRawLongBits(ours(text)))
        .as("parse of '%s'", text)
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }

  @Provide
  Arbitrary<Double> anyDouble() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !Double.isNaN(d)),
        Arbitraries.doubles(),
        Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 10_000.0),
        Arbitraries.of(
            0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e23, 9007199254740993.0));
  }

  @Property(tries = 3000)
  @Label("shortest, Java and plain renderings of random doubles parse to Double.parseDouble's bits")
  void renderingsOfDoubles(
      @ForAll("anyDouble") double d, @ForAll @IntRange(min = 1, max = 17) int digits) {
    agrees(Numbers.format(d));
    agrees(Double.toString(d));
    agrees(new BigDecimal(d).toPlainString());
    agrees(String.format(Locale.ROOT, "%." + digits + "e", d));
    agrees(String.format(Locale.ROOT, "%." + digits + "f", d));
  }

  @Property(tries = 3000)
  @Label("the shortest form reads back to the same bits, with no '.0' and a lower-case exponent")
  void formatRoundTrips(@ForAll("anyDouble") double d) {
    String text = Numbers.format(d);
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
        .isEqualTo(Double.doubleToRawLongBits(d));
    assertThat(text).doesNotContain(".0e").doesNotEndWith(".0").doesNotContain("E");
  }

  @Provide
  Arbitrary<String> numberLike() {
    return Arbitraries.strings().withChars("0123456789.eE+-").ofMinLength(1).ofMaxLength(25);
  }

  @Property(tries = 5000)
  @Label(
      "over the alphabet of numbers, text is accepted exactly when Double.parseDouble accepts it")
  void sameLanguage(@ForAll("numberLike") String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    double expected;
    try {
      expected = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      assertThat(Numbers.isNumber(b, 0, b.length)).as("'%s' is rejected", text).isFalse();
      return;
    }
    assertThat(Numbers.isNumber(b, 0, b.length)).as("'%s' is accepted", text).isTrue();
    assertThat(Double.doubleToRawLongBits(Numbers.parse(b, 0, b.length)))
        .as("'%s'", text)
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }

  @Provide
  Arbitrary<String> decimals() {
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22);
    return net.jqwik.api.Combinators.combine(
            Arbitraries.of("", "-", "+"),
            digits,
            Arbitraries.of("", "."),
            digits.injectNull(0.3),
            Arbitraries.integers().between(-330, 330).injectNull(0.5))
        .as(
            (sign, a, dot, frac, exp) ->
                sign + a + (frac == null ? "" : dot + frac) + (exp == null ? "" : "e" + exp));
  }

  @Property(tries = 5000)
  @Label("long, short, huge and tiny decimals parse exactly as Double.parseDouble")
  void decimalsAgree(@ForAll("decimals") String text) {
    agrees(text);
  }
}
