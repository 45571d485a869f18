package dev.mlops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Names")
class NamesTest {

  /** Inputs that must never become a name or key: traversal, encodings, schemes, control chars. */
  static Stream<String> hostile() {
    return Stream.of(
        "../x",
        "..\\x",
        "x/../y",
        "%2e%2e/",
        "%2e%2e%2f",
        "%252e%252e%252f",
        "//proc/self/",
        "/proc/self/environ",
        "file:x",
        "file:///etc/passwd",
        "/abs",
        "\\\\server\\share",
        "a#b",
        "a\u0000b",
        "C:\\x",
        "C:x",
        "x".repeat(10_000),
        "a\uD800b",
        "\uDC00",
        "..",
        ".",
        "",
        " x",
        "x\n",
        "x\ty",
        "ü");
  }

  @Nested
  @DisplayName("names")
  class NameRules {
    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"a", "churn-model", "data_v2.csv", "A1", "0"})
    void acceptsPlainNames(String name) {
      assertThat(Names.requireName(name, "artifact name")).isEqualTo(name);
    }

    @ParameterizedTest(name = "hostile input #{index} is refused")
    @MethodSource("dev.mlops.api.NamesTest#hostile")
    void refusesHostileInput(String input) {
      assertThatThrownBy(() -> Names.requireName(input, "artifact name"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("artifact name ");
    }

    @Test
    @DisplayName("the message names the field, the culprit and what to use instead")
    void messageNamesCulprit() {
      assertThatThrownBy(() -> Names.requireName("a/b", "artifact name"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "artifact name 'a/b' contains '/' at index 1; use letters, digits, '.', '_' or '-'")
          .extracting(e -> ((InvalidInputException) e).field().orElseThrow())
          .isEqualTo("artifact name");
    }

    @Test
    @DisplayName("a name of 200 characters is the longest accepted")
    void longestAccepted() {
      assertThat(Names.requireName("x".repeat(200), "n")).hasSize(200);
    }

    @Test
    @DisplayName("a name of 201 characters is too long")
    void tooLong() {
      assertThatThrownBy(() -> Names.requireName("x".repeat(201), "n"))
          .hasMessage("n is 201 characters long; the limit is 200");
    }

    @Test
    @DisplayName("null is a caller bug: NullPointerException naming the argument")
    void nullIsNpe() {
      assertThatThrownBy(() -> Names.requireName(null, "artifact name"))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("artifact name");
    }
  }

  @Nested
  @DisplayName("keys")
  class KeyRules {
    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"loss", "train/loss", "a b", "x.y-z_1/2"})
    void acceptsKeys(String key) {
      assertThat(Names.requireKey(key, "metric key")).isEqualTo(key);
    }

    @ParameterizedTest(name = "hostile input #{index} is refused")
    @MethodSource("dev.mlops.api.NamesTest#hostile")
    void refusesHostileInput(String input) {
      assertThatThrownBy(() -> Names.requireKey(input, "metric key"))
          .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"/a", "a/", "a//b", "a/./b", "a/../b", "a/ ", " a"})
    void refusesBadSegments(String key) {
      assertThatThrownBy(() -> Names.requireKey(key, "metric key"))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("values")
  class ValueRules {
    @Test
    @DisplayName("any text within the limit is accepted, emoji included")
    void acceptsText() {
      String v = "héllo / wörld \uD83D\uDE00 ../";
      assertThat(Names.requireValue(v, "tag 'x'", 100)).isEqualTo(v);
    }

    @ParameterizedTest(name = "value #{index} is refused")
    @ValueSource(strings = {"a\u0000", "\uD800", "x\uDC00y", "\uD83D"})
    void refusesNulAndUnpairedSurrogates(String value) {
      assertThatThrownBy(() -> Names.requireValue(value, "tag 'x'", 100))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("tag 'x' contains");
    }

    @Test
    @DisplayName("a value above the limit is refused with both lengths in the message")
    void refusesLong() {
      assertThatThrownBy(() -> Names.requireValue("abcd", "note", 3))
          .hasMessage("note is 4 characters long; the limit is 3");
    }
  }
}
