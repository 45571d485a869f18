package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The parser on arbitrary and on broken input: it returns a query or throws {@link
 * QueryParseException} with a position inside the text, never another exception, and never hangs
 * (each parse runs under a preemptive timeout). Whatever it accepts round-trips.
 */
@Label("Run query fuzz properties")
class RunQueryFuzzPropertiesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The pieces query text is made of, for token soups that reach deep parser states. */
  private static final List<String> VOCABULARY =
      List.of(
          "metrics.acc",
          "params.lr",
          "tags.stage",
          "attributes.status",
          "attributes.start_time",
          "attr.run_name",
          "metric.`train/loss`",
          "foo.bar",
          "metrics.",
          "tags.`a",
          "status",
          "AND",
          "OR",
          "NOT",
          "LIKE",
          "ILIKE",
          "IN",
          "IS",
          "NULL",
          "TRUE",
          "false",
          "ORDER",
          "BY",
          "ASC",
          "DESC",
          "(",
          ")",
          ",",
          "=",
          "!=",
          "<>",
          "<",
          "<=",
          ">",
          ">=",
          "==",
          "!",
          "'x'",
          "'it''s'",
          "'",
          "''",
          "'FINISHED'",
          "'done'",
          "'%a\\_'",
          "'\\'",
          "0",
          "-1.5",
          "1e308",
          "1e999",
          "1.",
          "-",
          "--",
          "/*",
          "NaN",
          "\"x\"",
          "`",
          ";",
          "\u0000",
          "\u2019",
          " ",
          "\n");

  static void parsesOrFailsCleanly(String text) {
    String outcome =
        assertTimeoutPreemptively(
            TIMEOUT,
            () -> {
              RunQuery query;
              try {
                query = RunQuery.parse(text);
              } catch (QueryParseException e) {
                assertThat(e.position()).isBetween(0, text.length());
                assertThat(e.getMessage()).contains("at position " + e.position() + ":\n");
                return "refused";
              }
              assertThat(RunQuery.parse(query.toQueryString())).isEqualTo(query);
              return "parsed";
            });
    Statistics.label("outcome").collect(outcome);
    try {
      RunFilter.parse(text);
    } catch (QueryParseException e) {
      assertThat(e.position()).isBetween(0, text.length());
    }
  }

  @Property(tries = 2_000)
  @Label("arbitrary text parses or fails with QueryParseException")
  void arbitraryText(@ForAll("arbitraryText") String text) {
    parsesOrFailsCleanly(text);
  }

  @Property(tries = 2_000)
  @Label("token soups parse or fail with QueryParseException")
  void tokenSoup(@ForAll("tokenSoup") String text) {
    parsesOrFailsCleanly(text);
  }

  @Property(tries = 2_000)
  @Label("valid queries with characters inserted, deleted or replaced parse or fail cleanly")
  void mutatedQueries(@ForAll("mutated") String text) {
    parsesOrFailsCleanly(text);
  }

  @Property(tries = 50)
  @Label("pathological input of the maximum length fails or parses quickly")
  void pathological(@ForAll("pathological") String text) {
    parsesOrFailsCleanly(text);
  }

  @Provide
  Arbitrary<String> arbitraryText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.strings().withChars("()'`,.=!<>-_ \\\"%eE019amstNOTRDIKL\n;*/").ofMaxLength(60),
        Arbitraries.strings().ascii().ofMaxLength(80));
  }

  @Provide
  Arbitrary<String> tokenSoup() {
    return Arbitraries.of(VOCABULARY)
        .list()
        .ofMaxSize(25)
        .flatMap(
            tokens ->
                Arbitraries.of(" ", "", "  ").map(separator -> String.join(separator, tokens)));
  }

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<Character> chars =
        Arbitraries.oneOf(Arbitraries.of(chars("()'`,.=!<>- \\\"%_aZ09")), Arbitraries.chars());
    return Combinators.combine(
            QueryArbitraries.queries().map(RunQuery::toQueryString),
            Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.doubles().between(0, 1).list().ofSize(3),
            chars.list().ofSize(3))
        .as(RunQueryFuzzPropertiesTest::mutate);
  }

  private static List<Character> chars(String s) {
    return s.chars().mapToObj(c -> (char) c).toList();
  }

  private static String mutate(
      String text, List<Integer> kinds, List<Double> where, List<Character> what) {
    StringBuilder b = new StringBuilder(text);
    for (int i = 0; i < kinds.size(); i++) {
      int at = (int) (where.get(i) * b.length());
      switch (kinds.get(i)) {
        case 0 -> b.insert(at, what.get(i).charValue());
        case 1 -> {
          if (at < b.length()) {
            b.deleteCharAt(at);
          }
        }
        default -> {
          if (at < b.length()) {
            b.setCharAt(at, what.get(i));
          }
        }
      }
    }
    return b.toString();
  }

  @Provide
  Arbitrary<String> pathological() {
    int max = RunQuery.MAX_QUERY_LENGTH;
    return Arbitraries.of(
        "(".repeat(max),
        "NOT ".repeat(max / 4),
        "(".repeat(max / 2) + ")".repeat(max / 2),
        "'".repeat(max),
        "'" + "''".repeat((max - 2) / 2) + "'",
        "metrics.a IN (" + "1,".repeat((max - 20) / 2) + "1)",
        "metrics." + "a".repeat(max - 8),
        "metrics.`" + "a".repeat(max - 9),
        "1".repeat(max),
        "-" + "9".repeat(max - 1),
        "0." + "0".repeat(max - 5) + "1e5",
        "metrics.a > 1" + " AND metrics.a > 1".repeat((max - 13) / 18),
        "metrics.a > 1" + " OR metrics.a > 1".repeat((max - 13) / 17),
        " ".repeat(max + 1),
        "x".repeat(max * 10));
  }
}
