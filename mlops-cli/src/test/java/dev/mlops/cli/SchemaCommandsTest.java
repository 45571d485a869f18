package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.table.ColumnType;
import dev.mlops.validation.schema.ColumnSpec;
import dev.mlops.validation.schema.Schema;
import dev.mlops.validation.schema.SchemaJson;
import dev.mlops.validation.schema.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mlops schema infer and mlops validate")
class SchemaCommandsTest {
  @TempDir Path dir;

  /** id unique 1..6; city Oslo/Bergen repeating; amount with one empty field, 1.5 to 9. */
  static final String GOOD =
      "id,city,amount\n1,Oslo,2.5\n2,Bergen,1.5\n3,Oslo,\n4,Oslo,9\n5,Bergen,4\n6,Oslo,3\n";

  Path good;

  @BeforeEach
  void files() throws IOException {
    good = file("good.csv", GOOD);
  }

  Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  static void oneLineError(CommandLineTest.Run r, String... parts) {
    StoreCommandsTest.oneLineError(r, parts);
  }

  static List<String> suggestions(JsonNode doc, String column) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : doc.get("suggestions")) {
      if (s.get("column").asText().equals(column)) {
        out.add(s.get("check").asText() + " " + s.get("constraint").asText());
      }
    }
    return out;
  }

  @Nested
  @DisplayName("mlops schema infer")
  class Infer {
    @Test
    @DisplayName("JSON: the types used, a suggestion per check from the data, the schema")
    void json() throws IOException {
      CommandLineTest.Run r =
          CommandLineTest.run("schema", "infer", good.toString(), "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      JsonNode j = r.json();
      assertThat(j.get("format_version").asInt()).isEqualTo(1);
      assertThat(j.get("kind").asText()).isEqualTo("schema");
      assertThat(j.get("rows").asInt()).isEqualTo(6);
      assertThat(j.get("columns").toString())
          .isEqualTo(
              "[{\"name\":\"id\",\"type\":\"numeric\"},{\"name\":\"city\",\"type\":\"categorical\"},"
                  + "{\"name\":\"amount\",\"type\":\"numeric\"}]");
      assertThat(j.get("out").isNull()).isTrue();
      // by hand: id 1..6 all distinct; city two values repeating; amount 1 of 6 missing
      assertThat(suggestions(j, "id"))
          .containsExactly(
              "type NUMERIC", "nulls <= 0 (not nullable)", "range [1, 6]", "unique unique");
      assertThat(suggestions(j, "city"))
          .containsExactly(
              "type CATEGORICAL", "nulls <= 0 (not nullable)", "categories one of [Bergen, Oslo]");
      assertThat(suggestions(j, "amount")).contains("range [1.5, 9]");
      assertThat(j.get("schema").get("format").asText()).isEqualTo("mlops.schema");
      assertThat(j.get("schema").get("columns").size()).isEqualTo(3);
    }

    @Test
    @DisplayName("--out writes a schema file that SchemaJson reads back")
    void out() throws IOException {
      Path s = dir.resolve("s.json");
      CommandLineTest.Run r =
          CommandLineTest.run("schema", "infer", good.toString(), "--out", s.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("schema written to " + s);
      Schema schema = SchemaJson.read(Files.readString(s));
      ColumnSpec city = schema.columns().get(1);
      assertThat(city.name()).isEqualTo("city");
      assertThat(city.categories().allowed()).containsExactly("Bergen", "Oslo");
      assertThat(schema.columns().get(2).range().min()).isEqualTo(1.5);
    }

    @Test
    @DisplayName("text: an aligned table of suggestions and where the schema went")
    void text() {
      CommandLineTest.Run r = CommandLineTest.run("schema", "infer", good.toString());
      assertThat(r.out()).startsWith(good + ": 6 rows, 3 columns\n");
      String head = StoreCommandsTest.lineStarting(r.out(), "column ");
      String range =
          StoreCommandsTest.lines(r.out()).stream()
              .filter(l -> l.startsWith("amount") && l.contains("range"))
              .findFirst()
              .orElseThrow();
      assertThat(range.indexOf("range")).isEqualTo(head.indexOf("check"));
      assertThat(r.out()).endsWith("give --out S.json to write it for mlops validate --schema\n");
    }

    @Test
    @DisplayName("--types id=categorical makes id categorical")
    void types() throws IOException {
      JsonNode j =
          CommandLineTest.run(
                  "schema",
                  "infer",
                  good.toString(),
                  "--types",
                  "id=categorical",
                  "--format",
                  "json")
              .json();
      assertThat(j.get("columns").get(0).get("type").asText()).isEqualTo("categorical");
    }

    @Test
    @DisplayName("errors: a missing file, a --types column the file lacks")
    void errors() {
      oneLineError(
          CommandLineTest.run("schema", "infer", dir.resolve("nope.csv").toString()),
          "nope.csv",
          "no such file");
      oneLineError(
          CommandLineTest.run("schema", "infer", good.toString(), "--types", "age=numeric"),
          "'age'",
          "id, city, amount");
    }
  }

  @Nested
  @DisplayName("mlops validate")
  class Validate {
    Path schema;

    @BeforeEach
    void schema() throws IOException {
      schema = dir.resolve("s.json");
      Files.writeString(
          schema,
          SchemaJson.write(
              Schema.builder()
                  .column(
                      ColumnSpec.builder("id", ColumnType.NUMERIC)
                          .maxNullFraction(0.0, Severity.FAIL)
                          .unique(Severity.WARN)
                          .build())
                  .column(
                      ColumnSpec.builder("city", ColumnType.CATEGORICAL)
                          .categories(List.of("Bergen", "Oslo"), Severity.FAIL)
                          .build())
                  .column(
                      ColumnSpec.builder("amount", ColumnType.NUMERIC)
                          .range(0.0, 10.0, Severity.WARN)
                          .build())
                  .build()));
    }

    CommandLineTest.Run validate(Path data, String... more) {
      List<String> a =
          new ArrayList<>(List.of("validate", "--schema", schema.toString(), data.toString()));
      a.addAll(List.of(more));
      return CommandLineTest.run(a.toArray(new String[0]));
    }

    @Test
    @DisplayName("data that keeps every check: PASS, no checks listed, exit 0")
    void pass() throws IOException {
      CommandLineTest.Run r = validate(good, "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("format_version").asInt()).isEqualTo(1);
      assertThat(j.get("kind").asText()).isEqualTo("validation");
      assertThat(j.get("verdict").asText()).isEqualTo("PASS");
      assertThat(j.get("checks").size()).isZero();
      assertThat(j.get("rows").asInt()).isEqualTo(6);
    }

    @Test
    @DisplayName("a category outside the list (FAIL) and an amount out of range (WARN): exit 1")
    void fail() throws IOException {
      // data rows: 0 amount -5; 2 city Paris; 3 amount 12
      Path bad = file("bad.csv", "id,city,amount\n1,Oslo,-5\n2,Bergen,1\n3,Paris,2\n4,Oslo,12\n");
      CommandLineTest.Run r = validate(bad, "--format", "json");
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      JsonNode j = r.json();
      assertThat(j.get("verdict").asText()).isEqualTo("FAIL");
      JsonNode cat = find(j, "categories");
      assertThat(cat.get("column").asText()).isEqualTo("city");
      assertThat(cat.get("severity").asText()).isEqualTo("FAIL");
      assertThat(cat.get("verdict").asText()).isEqualTo("FAIL");
      assertThat(cat.get("failing_rows").asInt()).isEqualTo(1);
      assertThat(cat.get("examples").toString()).isEqualTo("[{\"row\":2,\"value\":\"Paris\"}]");
      JsonNode range = find(j, "range");
      assertThat(range.get("severity").asText()).isEqualTo("WARN");
      assertThat(range.get("failing_rows").asInt()).isEqualTo(2);
      assertThat(range.get("examples").toString())
          .isEqualTo("[{\"row\":0,\"value\":-5.0},{\"row\":3,\"value\":12.0}]");
      for (String key :
          List.of(
              "check",
              "column",
              "severity",
              "verdict",
              "observed",
              "expected",
              "failing_rows",
              "examples")) {
        assertThat(range.has(key)).as(key).isTrue();
      }
    }

    @Test
    @DisplayName("only WARN checks violated: exit 0, or 1 with --fail-on warn")
    void warn() throws IOException {
      Path warn = file("warn.csv", "id,city,amount\n1,Oslo,11\n2,Bergen,1\n");
      CommandLineTest.Run r = validate(warn, "--format", "json");
      assertThat(r.json().get("verdict").asText()).isEqualTo("WARN");
      assertThat(r.code()).isZero();
      assertThat(validate(warn, "--fail-on", "warn").code()).isEqualTo(1);
    }

    @Test
    @DisplayName("text in a numeric column fails the type check (exit 1), not the read")
    void typeCheck() throws IOException {
      Path text = file("text.csv", "id,city,amount\n1,Oslo,cheap\n2,Bergen,1\n");
      CommandLineTest.Run r = validate(text, "--format", "json");
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      JsonNode type = find(r.json(), "type");
      assertThat(type.get("column").asText()).isEqualTo("amount");
      assertThat(type.get("observed").asText()).isEqualTo("CATEGORICAL");
      assertThat(type.get("expected").asText()).isEqualTo("NUMERIC");
    }

    @Test
    @DisplayName("text: an aligned table of violated checks with examples, and the verdict line")
    void text() throws IOException {
      Path bad = file("bad.csv", "id,city,amount\n1,Oslo,-5\n2,Bergen,1\n3,Paris,2\n");
      CommandLineTest.Run r = validate(bad);
      assertThat(r.code()).isEqualTo(1);
      String head = StoreCommandsTest.lineStarting(r.out(), "check ");
      String cat = StoreCommandsTest.lineStarting(r.out(), "categories ");
      assertThat(cat.indexOf("city")).isEqualTo(head.indexOf("column"));
      assertThat(cat).endsWith("2: Paris");
      List<String> lines = StoreCommandsTest.lines(r.out());
      assertThat(lines.get(lines.size() - 1)).isEqualTo("verdict: FAIL");
      assertThat(validate(bad, "--quiet").out()).isEqualTo("verdict: FAIL\n");
    }

    @Test
    @DisplayName(
        "errors: a missing data file, a missing schema, a bad schema, a schema of another format")
    void errors() throws IOException {
      oneLineError(validate(dir.resolve("nope.csv")), "nope.csv", "no such file");
      Path data = good;
      oneLineError(
          CommandLineTest.run(
              "validate", "--schema", dir.resolve("none.json").toString(), data.toString()),
          "--schema",
          "none.json");
      Files.writeString(schema, "{not json");
      oneLineError(validate(good), "--schema " + schema, "not a JSON schema document");
      Files.writeString(
          schema,
          "{\"format\": \"mlops.schema\", \"format_version\": 1, \"columns\": [], \"extra\": 1}");
      oneLineError(validate(good), "--schema " + schema, "unknown key 'extra'");
      oneLineError(CommandLineTest.run("validate", good.toString()), "--schema");
    }

    JsonNode find(JsonNode doc, String check) {
      for (JsonNode c : doc.get("checks")) {
        if (c.get("check").asText().equals(check)) {
          return c;
        }
      }
      throw new AssertionError("no check " + check + " in " + doc);
    }
  }
}
