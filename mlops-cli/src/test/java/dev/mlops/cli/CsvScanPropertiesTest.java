package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The scan agrees with the cells it was generated from, however they are quoted. */
class CsvScanPropertiesTest {

  /** A cell: its text, whether it is written quoted. */
  record Cell(String text, boolean quoted) {
    String csv() {
      return quoted ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    boolean isNull() {
      return !quoted && text.isEmpty();
    }
  }

  @Provide
  Arbitrary<List<List<Cell>>> tables() {
    Arbitrary<String> numbers =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(-1e6, 1e6).map(String::valueOf),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of("NaN", "1e-05", "-.5", "3."));
    Arbitrary<String> words =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab,\"\n x1é").ofMinLength(1).ofMaxLength(6),
            Arbitraries.of("Infinity", "nan", " 1", "1e999"));
    Arbitrary<String> text =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, numbers),
            net.jqwik.api.Tuple.of(1, words),
            net.jqwik.api.Tuple.of(2, Arbitraries.just("")));
    Arbitrary<Cell> cell =
        net.jqwik.api.Combinators.combine(text, Arbitraries.integers().between(0, 3))
            .as((t, q) -> new Cell(t, q == 0 || needsQuotes(t)));
    return cell.list().ofSize(3).list().ofMinSize(0).ofMaxSize(40);
  }

  private static boolean needsQuotes(String t) {
    return t.contains(",") || t.contains("\"") || t.contains("\n");
  }

  @Property(tries = 200)
  @Label("hasValue and allNumeric of every column equal what the generated cells say")
  void scanAgrees(@ForAll("tables") List<List<Cell>> rows) throws IOException {
    StringBuilder sb = new StringBuilder("a,b,c\n");
    for (List<Cell> r : rows) {
      sb.append(r.get(0).csv())
          .append(',')
          .append(r.get(1).csv())
          .append(',')
          .append(r.get(2).csv())
          .append('\n');
    }
    Path f = Files.createTempFile("scan", ".csv");
    try {
      Files.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
      CsvScan s = CsvScan.scan(f, true);
      for (int c = 0; c < 3; c++) {
        boolean has = false;
        boolean numeric = true;
        for (List<Cell> r : rows) {
          Cell cell = r.get(c);
          if (!cell.isNull()) {
            has = true;
            numeric &= isNumber(cell.text());
          }
        }
        assertThat(s.hasValue[c]).as("hasValue of column " + c).isEqualTo(has);
        assertThat(s.allNumeric[c] || !has)
            .as("allNumeric of column " + c)
            .isEqualTo(numeric || !has);
      }
    } finally {
      Files.delete(f);
    }
  }

  /** An independent statement of the rule: a regular expression and Double.parseDouble. */
  private static boolean isNumber(String s) {
    if (s.equals("NaN")) {
      return true;
    }
    if (!s.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
      return false;
    }
    return Double.isFinite(Double.parseDouble(s));
  }
}
