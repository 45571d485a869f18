package dev.mlops.reports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Format")
class FormatTest {
  @Test
  @DisplayName("numbers print locale-free with six significant digits, integers without fraction")
  void numbers() {
    assertThat(Format.number(3)).isEqualTo("3");
    assertThat(Format.number(-40_000_000)).isEqualTo("-40000000");
    assertThat(Format.number(1.0 / 3)).isEqualTo("0.333333");
    assertThat(Format.number(2.5)).isEqualTo("2.5");
    assertThat(Format.number(1234.56789)).isEqualTo("1234.57");
    assertThat(Format.number(7.482506e-7)).isEqualTo("7.48251e-07");
    assertThat(Format.number(Double.NaN)).isEqualTo("NaN");
    assertThat(Format.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  @DisplayName("chart labels keep three significant digits")
  void compact() {
    assertThat(Format.compact(24.3456)).isEqualTo("24.3");
    assertThat(Format.compact(21.0)).isEqualTo("21");
    assertThat(Format.compact(0.0625)).isEqualTo("0.0625");
    assertThat(Format.compact(1234567)).isEqualTo("1.23e+06");
    assertThat(Format.compact(0)).isEqualTo("0");
  }

  @Test
  @DisplayName("shares print as percentages with one decimal")
  void percent() {
    assertThat(Format.percent(0.02)).isEqualTo("2.0 %");
    assertThat(Format.percent(1)).isEqualTo("100.0 %");
  }

  @Test
  @DisplayName("SVG coordinates keep two decimals and drop trailing zeros")
  void coordinates() {
    assertThat(Charts.coordinate(155.30970764160156)).isEqualTo("155.31");
    assertThat(Charts.coordinate(640.0)).isEqualTo("640");
    assertThat(Charts.coordinate(-0.004)).isEqualTo("0");
    assertThat(Charts.coordinate(Double.NaN)).isEqualTo("0");
  }
}
