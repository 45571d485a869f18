package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** parse(print(x)) == x over generated ASTs (jqwik; JUnit annotations do not apply). */
@Label("Run query round trip properties")
class RunQueryRoundTripPropertiesTest {

  @Property(tries = 1_000)
  @Label("parsing the canonical text of any query gives an equal query")
  void queryRoundTrip(@ForAll("queries") RunQuery query) {
    Statistics.label("filter").collect(query.filter().getClass().getSimpleName());
    String text = query.toQueryString();
    RunQuery parsed = RunQuery.parse(text);
    assertThat(parsed).isEqualTo(query);
    assertThat(parsed.toQueryString()).isEqualTo(text);
  }

  @Property(tries = 1_000)
  @Label("parsing the canonical text of any filter gives an equal filter")
  void filterRoundTrip(@ForAll("filters") RunFilter filter) {
    assertThat(RunFilter.parse(filter.toQueryString())).isEqualTo(filter);
  }

  @Property(tries = 1_000)
  @Label("keyword case and whitespace between tokens do not change the parsed query")
  void caseAndWhitespace(@ForAll("queries") RunQuery query, @ForAll long seed) {
    String text = reformat(query.toQueryString(), new Random(seed));
    assertThat(RunQuery.parse(text)).isEqualTo(query);
  }

  private static final Set<String> KEYWORDS =
      Set.of(
          "AND", "OR", "NOT", "LIKE", "ILIKE", "IN", "IS", "NULL", "TRUE", "FALSE", "ORDER", "BY",
          "ASC", "DESC");
  private static final String[] SPACES = {" ", "  ", "\t", "\n", "\r\n", " \t "};

  /**
   * Changes the case of every keyword at random and replaces each space between tokens by random
   * whitespace, leaving strings, backticked keys, bare keys and numbers alone.
   */
  static String reformat(String text, Random random) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'' || c == '`') {
        int j = i + 1;
        while (true) {
          if (text.charAt(j) == c) {
            if (c == '\'' && j + 1 < text.length() && text.charAt(j + 1) == '\'') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        b.append(text, i, j + 1);
        i = j + 1;
      } else if (c == ' ') {
        b.append(SPACES[random.nextInt(SPACES.length)]);
        i++;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
        int j = i;
        while (j < text.length()
            && (Character.isLetterOrDigit(text.charAt(j)) || "_.-".indexOf(text.charAt(j)) >= 0)) {
          j++;
        }
        String word = text.substring(i, j);
        if (KEYWORDS.contains(word)) {
          StringBuilder w = new StringBuilder();
          for (char k : word.toCharArray()) {
            w.append(random.nextBoolean() ? Character.toLowerCase(k) : k);
          }
          word = w.toString();
        }
        b.append(word);
        i = j;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  @Provide
  Arbitrary<RunQuery> queries() {
    return QueryArbitraries.queries();
  }

  @Provide
  Arbitrary<RunFilter> filters() {
    return QueryArbitraries.filters();
  }
}
