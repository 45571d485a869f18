package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.table.ColumnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("column types of the command line")
class ColumnTypesTest {

  @Nested
  @DisplayName("--types items")
  class Parsing {
    @Test
    @DisplayName("items are comma-separated, the option repeatable, order kept")
    void commaAndRepeat() {
      Map<String, ColumnType> t =
          ColumnTypes.parse(List.of("a=numeric,b=categorical", "c=numeric"));
      assertThat(t)
          .containsExactly(
              Map.entry("a", ColumnType.NUMERIC),
              Map.entry("b", ColumnType.CATEGORICAL),
              Map.entry("c", ColumnType.NUMERIC));
    }

    @Test
    @DisplayName("an item is split at its last '=': the name may contain '='")
    void lastEquals() {
      assertThat(ColumnTypes.parse(List.of("x=y=categorical", "p==numeric")))
          .containsExactly(
              Map.entry("x=y", ColumnType.CATEGORICAL), Map.entry("p=", ColumnType.NUMERIC));
    }

    @Test
    @DisplayName("the type is matched case-insensitively; the name is kept as given")
    void caseOfType() {
      assertThat(ColumnTypes.parse(List.of("Age=NUMERIC")))
          .containsExactly(Map.entry("Age", ColumnType.NUMERIC));
    }

    @Test
    @DisplayName("the same column twice with the same type is accepted")
    void sameTwice() {
      assertThat(ColumnTypes.parse(List.of("a=numeric", "a=numeric")))
          .containsExactly(Map.entry("a", ColumnType.NUMERIC));
    }

    @Test
    @DisplayName("the same column with two types is a usage error naming it")
    void twoTypes() {
      assertThatThrownBy(() -> ColumnTypes.parse(List.of("a=numeric,a=categorical")))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("'a'")
          .hasMessageContaining("two types");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"a", "=numeric", "", "a=", "a=text", "a=number"})
    @DisplayName("an item without a name or with another type is a usage error quoting it")
    void malformed(String item) {
      assertThatThrownBy(() -> ColumnTypes.parse(List.of(item)))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("'" + item + "'");
    }
  }

  @Nested
  @DisplayName("finite decimals")
  class Decimals {
    private boolean check(String s) {
      byte[] b = ("#" + s + "#").getBytes(StandardCharsets.US_ASCII);
      return CsvScan.isFiniteDecimal(b, 1, b.length - 1);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
        strings = {
          "0",
          "-1",
          "+2",
          "1.5",
          "-0.25",
          ".5",
          "5.",
          "1e-05",
          "1E+3",
          "-2.5e10",
          "NaN",
          "1000000000.123456",
          "1e308"
        })
    @DisplayName("decimal and scientific numbers and the literal NaN are numeric")
    void numeric(String s) {
      assertThat(check(s)).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
        strings = {
          "Infinity",
          "-Infinity",
          "nan",
          "+NaN",
          "-NaN",
          "1e999",
          "-1e400",
          "0x1p3",
          "1d",
          "1f",
          " 1",
          "1 ",
          "1e",
          "1e+",
          ".",
          "-",
          "+",
          "1,5",
          "1.2.3",
          "abc",
          "e5",
          "--1"
        })
    @DisplayName("infinities, overflow, other spellings and padded text are not")
    void notNumeric(String s) {
      assertThat(check(s)).isFalse();
    }
  }

  @Nested
  @DisplayName("the rule for columns without a declared type")
  class Rule {
    @TempDir Path dir;

    private CsvScan scan(String name, String csv) throws IOException {
      Path f = dir.resolve(name);
      Files.writeString(f, csv);
      return CsvScan.scan(f, true);
    }

    private Map<String, ColumnType> resolve(String ref, String cur, Map<String, ColumnType> d)
        throws IOException {
      CsvScan r = scan("r.csv", ref);
      CsvScan c = scan("c.csv", cur);
      return ColumnTypes.resolve(r.header, d, List.of(r, c), "r.csv");
    }

    @Test
    @DisplayName("numbers and NaN in the reference: numeric, whatever the current holds")
    void referenceNumeric() throws IOException {
      assertThat(resolve("x\n1\nNaN\n\n2.5\n", "x\nabc\n", Map.of()))
          .containsExactly(Map.entry("x", ColumnType.NUMERIC));
    }

    @Test
    @DisplayName("one non-number in the reference, even in the last row: categorical")
    void referenceCategorical() throws IOException {
      assertThat(resolve("x\n1\n2\n4\n8\nx1\n", "x\n1\n", Map.of()))
          .containsExactly(Map.entry("x", ColumnType.CATEGORICAL));
    }

    @Test
    @DisplayName("an infinity makes a column categorical")
    void infinity() throws IOException {
      assertThat(resolve("x\n1\nInfinity\n", "x\n1\n", Map.of()))
          .containsExactly(Map.entry("x", ColumnType.CATEGORICAL));
    }

    @Test
    @DisplayName("empty throughout the reference, numbers in the current: numeric")
    void fromCurrentNumeric() throws IOException {
      assertThat(resolve("x,y\n,1\n,2\n", "x,y\n3,1\n,2\n", Map.of()))
          .containsExactly(Map.entry("x", ColumnType.NUMERIC), Map.entry("y", ColumnType.NUMERIC));
    }

    @Test
    @DisplayName("empty throughout the reference, text in the current: categorical")
    void fromCurrentCategorical() throws IOException {
      assertThat(resolve("x,y\n,1\n,2\n", "x,y\nred,1\n,2\n", Map.of()))
          .containsEntry("x", ColumnType.CATEGORICAL);
    }

    @Test
    @DisplayName("empty in both files: numeric")
    void bothEmpty() throws IOException {
      assertThat(resolve("x,y\n,1\n", "x,y\n,1\n", Map.of()))
          .containsEntry("x", ColumnType.NUMERIC);
    }

    @Test
    @DisplayName("a quoted empty string is a value, not a number: categorical")
    void quotedEmpty() throws IOException {
      assertThat(resolve("x,y\n\"\",1\n", "x,y\n1,1\n", Map.of()))
          .containsEntry("x", ColumnType.CATEGORICAL);
    }

    @Test
    @DisplayName("a declared type wins over the rule; header order is kept")
    void declaredWins() throws IOException {
      Map<String, ColumnType> d = new LinkedHashMap<>();
      d.put("y", ColumnType.CATEGORICAL);
      assertThat(resolve("x,y\na,1\n", "x,y\nb,2\n", d))
          .containsExactly(
              Map.entry("x", ColumnType.CATEGORICAL), Map.entry("y", ColumnType.CATEGORICAL));
    }

    @Test
    @DisplayName("a declared column the header lacks is a usage error naming column and file")
    void declaredMissing() {
      assertThatThrownBy(
              () ->
                  ColumnTypes.resolve(
                      List.of("a", "b"), Map.of("zz", ColumnType.NUMERIC), List.of(), "r.csv"))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("'zz'")
          .hasMessageContaining("r.csv")
          .hasMessageContaining("a, b");
    }
  }
}
