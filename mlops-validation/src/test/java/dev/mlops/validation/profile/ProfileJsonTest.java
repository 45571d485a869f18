package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the mlops profile JSON (CLI-JSON.md)")
class ProfileJsonTest {

  private static final ObjectMapper M = new ObjectMapper();

  private static List<String> keys(JsonNode o) {
    List<String> k = new ArrayList<>();
    o.fieldNames().forEachRemaining(k::add);
    return k;
  }

  @Test
  @DisplayName("carries every key of the oracle's profile objects with the hand-computed values")
  void layout() throws Exception {
    Table t =
        Table.of(
            NumericColumn.builder("x").append(1).append(2).appendNull().append(Double.NaN).build(),
            CategoricalColumn.of("c", "b", "a", null, "b"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProfileJson.write(Profiler.profile(t, ProfileOptions.floor()), out);
    JsonNode root = M.readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(root.get("format_version").asInt()).isEqualTo(1);
    assertThat(root.get("kind").asText()).isEqualTo("profile");
    assertThat(root.get("rows").asLong()).isEqualTo(4);
    JsonNode x = root.get("columns").get(0);
    assertThat(keys(x))
        .contains(
            "name",
            "type",
            "row_count",
            "null_count",
            "nan_count",
            "missing_count",
            "count",
            "distinct",
            "mean",
            "std",
            "min",
            "max",
            "quantiles",
            "approximate");
    assertThat(x.get("type").asText()).isEqualTo("numeric");
    assertThat(x.get("missing_count").asLong()).isEqualTo(2);
    assertThat(x.get("mean").asDouble()).isEqualTo(1.5);
    // std ddof 1 of {1, 2}: sqrt(0.5)
    assertThat(x.get("std").asDouble()).isEqualTo(Math.sqrt(0.5));
    assertThat(keys(x.get("quantiles")))
        .containsExactly("0.01", "0.05", "0.25", "0.5", "0.75", "0.95", "0.99");
    assertThat(x.get("quantiles").get("0.5").asDouble()).isEqualTo(1.5);
    assertThat(x.has("histogram")).isFalse();
    assertThat(x.get("approximate").get("distinct").get("relative_error").asDouble())
        .isEqualTo(3 * 1.04 / 64);
    assertThat(x.get("approximate").has("quantiles")).isFalse(); // 2 values: exact
    JsonNode c = root.get("columns").get(1);
    assertThat(keys(c))
        .contains("name", "type", "row_count", "null_count", "count", "distinct", "top5");
    assertThat(c.get("top5").toString()).isEqualTo("[[\"b\",2],[\"a\",1]]");
    assertThat(c.get("approximate").get("distinct").get("relative_error").asDouble())
        .isEqualTo(0.04875);
  }

  @Test
  @DisplayName("sketched quantiles carry the KLL rank error; an empty column has null statistics")
  void approximateAndEmpty() throws Exception {
    double[] v = new double[10_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    Table t = Table.of(NumericColumn.of("x", v));
    JsonNode root = M.readTree(ProfileJson.write(Profiler.profile(t)));
    JsonNode x = root.get("columns").get(0);
    assertThat(x.get("approximate").get("quantiles").get("rank_error").asDouble())
        .isBetween(0.0132, 0.0134);
    Table empty = Table.of(NumericColumn.builder("e").appendNull().build());
    JsonNode e = M.readTree(ProfileJson.write(Profiler.profile(empty))).get("columns").get(0);
    assertThat(e.get("count").asLong()).isZero();
    assertThat(e.get("distinct").asLong()).isZero();
    assertThat(e.get("mean").isNull()).isTrue();
    assertThat(e.get("std").isNull()).isTrue();
    assertThat(e.get("quantiles").isNull()).isTrue();
  }
}
