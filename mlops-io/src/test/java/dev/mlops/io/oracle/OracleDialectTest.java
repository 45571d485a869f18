package dev.mlops.io.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads every CSV of the oracle cases (copied into test resources from {@code shared/oracle/cases};
 * never read from there at test time) with the column types of its {@code expected.json}, and
 * checks each column against the profile SciPy/NumPy computed: row, null, NaN and non-missing
 * counts and distinct values exactly, min and max exactly (so every double reads back bit for bit
 * as SciPy saw it), the mean within the case's float tolerance, and categories byte for byte
 * (counts per category, top 5, the sorted union of both files).
 */
@DisplayName("Oracle cases: the CSV dialect reads back what SciPy saw")
class OracleDialectTest {
  private static final String ROOT = "/dev/mlops/io/oracle/cases/";
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> files() throws IOException {
    JsonNode manifest = json(ROOT + "MANIFEST.json");
    List<Arguments> args = new ArrayList<>();
    for (JsonNode c : manifest.get("cases")) {
      String name = c.get("name").asText();
      JsonNode expected = json(ROOT + name + "/expected.json");
      JsonNode files = expected.get("files");
      files
          .fieldNames()
          .forEachRemaining(
              role ->
                  args.add(
                      Arguments.argumentSet(
                          name + "/" + files.get(role).asText(),
                          name,
                          role,
                          files.get(role).asText())));
    }
    assertThat(args).as("cases found in test resources").hasSizeGreaterThanOrEqualTo(15);
    return args.stream();
  }

  private static JsonNode json(String resource) throws IOException {
    try (InputStream in = OracleDialectTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return JSON.readTree(in);
    }
  }

  private static Path resource(String resource) {
    URL url = OracleDialectTest.class.getResource(resource);
    assertThat(url).as(resource).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Table read(String caseName, String file, JsonNode expected) {
    CsvOptions.Builder o = CsvOptions.builder().inferTypes(false);
    for (JsonNode c : expected.get("columns")) {
      o.type(
          c.get("name").asText(),
          c.get("type").asText().equals("numeric") ? ColumnType.NUMERIC : ColumnType.CATEGORICAL);
    }
    return CsvTableReader.of(o.build()).read(resource(ROOT + caseName + "/" + file));
  }

  @ParameterizedTest
  @MethodSource("files")
  @DisplayName("every column's counts, extremes, mean and categories match expected.json")
  void matchesTheProfile(String caseName, String role, String file) throws IOException {
    JsonNode expected = json(ROOT + caseName + "/expected.json");
    Table t = read(caseName, file, expected);
    assertThat(t.rowCount()).isEqualTo(expected.get("rows").get(role).asInt());
    assertThat(t.schema().names())
        .containsExactlyElementsOf(expected.get("columns").findValuesAsText("name"));
    if (expected.get("kind").asText().equals("model_metrics")) {
      checkPredictions(t, expected);
      return;
    }
    double rel = expected.get("tolerances").get("floats").get("rel").asDouble();
    double abs = expected.get("tolerances").get("floats").get("abs").asDouble();
    for (JsonNode c : expected.get("columns")) {
      String name = c.get("name").asText();
      JsonNode column = expected.get("results").get(name);
      JsonNode profile = column.get(role);
      if (t.column(name) instanceof NumericColumn n) {
        checkNumeric(n, profile, rel, abs);
      } else {
        checkCategorical(t.categorical(name), profile, column.get("frequencies"), role);
      }
    }
  }

  private static void checkNumeric(NumericColumn n, JsonNode p, double rel, double abs) {
    int nulls = 0;
    int nans = 0;
    int count = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double compensation = 0;
    Set<Double> distinct = new HashSet<>();
    for (int i = 0; i < n.size(); i++) {
      if (n.isNull(i)) {
        nulls++;
      } else if (n.isNaN(i)) {
        nans++;
      } else {
        double v = n.value(i);
        count++;
        min = Math.min(min, v);
        max = Math.max(max, v);
        double y = v - compensation;
        double s = sum + y;
        compensation = (s - sum) - y;
        sum = s;
        distinct.add(v + 0.0);
      }
    }
    String col = n.name();
    assertThat(n.size()).as(col + " row_count").isEqualTo(p.get("row_count").asInt());
    assertThat(nulls).as(col + " null_count").isEqualTo(p.get("null_count").asInt());
    assertThat(n.nullCount()).as(col + " nullCount()").isEqualTo(nulls);
    assertThat(nans).as(col + " nan_count").isEqualTo(p.get("nan_count").asInt());
    assertThat(count).as(col + " count").isEqualTo(p.get("count").asInt());
    assertThat(distinct).as(col + " distinct").hasSize(p.get("distinct").asInt());
    if (count == 0) {
      assertThat(p.get("min").isNull()).isTrue();
      assertThat(p.get("mean").isNull()).isTrue();
      return;
    }
    assertThat(min).as(col + " min, exactly").isEqualTo(p.get("min").asDouble());
    assertThat(max).as(col + " max, exactly").isEqualTo(p.get("max").asDouble());
    double mean = sum / count;
    double e = p.get("mean").asDouble();
    assertThat(Math.abs(mean - e))
        .as(col + " mean " + mean + " vs " + e)
        .isLessThanOrEqualTo(Math.max(rel * Math.max(Math.abs(mean), Math.abs(e)), abs));
  }

  private static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private static void checkCategorical(
      CategoricalColumn c, JsonNode p, JsonNode frequencies, String role) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      if (!c.isNull(i)) {
        counts.merge(c.category(i), 1, Integer::sum);
      }
    }
    String col = c.name();
    assertThat(c.size()).as(col + " row_count").isEqualTo(p.get("row_count").asInt());
    assertThat(c.nullCount()).as(col + " null_count").isEqualTo(p.get("null_count").asInt());
    assertThat(c.size() - c.nullCount()).as(col + " count").isEqualTo(p.get("count").asInt());
    assertThat(counts).as(col + " distinct").hasSize(p.get("distinct").asInt());
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey(CODE_POINT_ORDER)));
    List<List<Object>> top5 = new ArrayList<>();
    for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(5, sorted.size()))) {
      top5.add(List.of(e.getKey(), e.getValue()));
    }
    List<List<Object>> expectedTop5 = new ArrayList<>();
    for (JsonNode pair : p.get("top5")) {
      expectedTop5.add(List.of(pair.get(0).asText(), pair.get(1).asInt()));
    }
    assertThat(top5).as(col + " top5, byte for byte").isEqualTo(expectedTop5);
    if (frequencies != null && frequencies.has("categories")) {
      JsonNode categories = frequencies.get("categories");
      JsonNode expectedCounts = frequencies.get(role + "_counts");
      TreeSet<String> mine = new TreeSet<>(CODE_POINT_ORDER);
      mine.addAll(counts.keySet());
      Set<String> union = new HashSet<>();
      for (int k = 0; k < categories.size(); k++) {
        String category = categories.get(k).asText();
        union.add(category);
        assertThat(counts.getOrDefault(category, 0))
            .as(col + " count of '" + category + "'")
            .isEqualTo(expectedCounts.get(k).asInt());
      }
      assertThat(union).as(col + " categories ⊇ ours").containsAll(mine);
    }
  }

  private static void checkPredictions(Table t, JsonNode expected) {
    NumericColumn label = t.numeric("label");
    int positives = 0;
    for (int i = 0; i < label.size(); i++) {
      assertThat(label.isNull(i)).isFalse();
      positives += label.value(i) == 1.0 ? 1 : 0;
    }
    JsonNode overall = expected.get("classification").get("overall");
    assertThat(label.size()).isEqualTo(overall.get("n").asInt());
    assertThat(positives).isEqualTo(overall.get("n_positive").asInt());
    if (t.findColumn("slice").isPresent()) {
      CategoricalColumn slice = t.categorical("slice");
      Set<String> values = new HashSet<>();
      for (int i = 0; i < slice.size(); i++) {
        values.add(slice.category(i));
      }
      List<String> names = new ArrayList<>();
      expected.get("classification").get("slices").fieldNames().forEachRemaining(names::add);
      assertThat(values).containsExactlyInAnyOrderElementsOf(names);
    }
  }
}
