package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The config parser against {@code git config -z --list --includes} on the same file. */
@DisplayName("GitConfig")
class GitConfigTest {
  @TempDir Path temp;
  GitFixture fx;

  @BeforeEach
  void setUp() {
    fx = new GitFixture(temp);
  }

  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.argumentSet("plain keys", "[core]\n\tbare = false\n\tautocrlf = input\n"),
        Arguments.argumentSet(
            "case of sections, names and subsections",
            "[Remote \"Origin\"]\n  URL = a\n[remote \"origin\"]\n url = b\n[CORE]\nFileMode=true\n"),
        Arguments.argumentSet(
            "quotes, escapes, comments and inner spaces",
            "[a]\n b = \"  spaced  \" tail # comment\n c = x\\ty\\n\n d = \"semi;colon\" ; c\n"
                + " e = a   b\t c   \n f = \"q\\\"uote\\\\\"\n"),
        Arguments.argumentSet(
            "bare names and empty values", "[a]\n flag\n empty =\n blank = \"\"\n"),
        Arguments.argumentSet(
            "line continuation", "[a]\n b = one \\\n two\n c = \"in \\\n quotes\"\n"),
        Arguments.argumentSet(
            "old [section.sub] form and a variable after the header",
            "[Section.Sub]\n key = v\n[x] y = 1\n"),
        Arguments.argumentSet(
            "subsection escapes", "[c \"x\\\\y\\\"z\"]\n d = 2\n[e \"f\\g\"]\n h = 3\n"),
        Arguments.argumentSet("CRLF line ends", "[core]\r\n\tbare = true\r\n\tx = \"a\"\r\n"),
        Arguments.argumentSet("comments only", "# one\n; two\n\n"),
        Arguments.argumentSet("a byte order mark", "\uFEFF[core]\n bare = false\n"),
        Arguments.argumentSet("unterminated quote (refused)", "[a]\n b = \"open\n"),
        Arguments.argumentSet("unknown escape (refused)", "[a]\n b = x\\q\n"),
        Arguments.argumentSet("comment after a bare name (refused)", "[a]\n flag # c\n"),
        Arguments.argumentSet("variable before any section", "x = 1\n[a]\n b = 2\n"),
        Arguments.argumentSet("unclosed section (refused)", "[core\n bare = 1\n"),
        Arguments.argumentSet("bad name character (refused)", "[a]\n b_c = 1\n"));
  }

  @ParameterizedTest
  @MethodSource("files")
  void agreesWithGit(String text) throws Undecidable {
    Path file = temp.resolve("config");
    GitFixture.write(file, text);
    GitFixture.Result git = fx.run(temp, "config", "-z", "--file", file.toString(), "--list");
    if (git.exit() != 0) {
      assertThatThrownBy(() -> GitConfig.load(file, fx.env))
          .as("git refused it: %s", git.err())
          .isInstanceOf(Undecidable.class)
          .hasMessageContaining("bad line");
      return;
    }
    assertThat(render(GitConfig.load(file, fx.env))).isEqualTo(parseZ(git.out()));
  }

  @Test
  @DisplayName("include.path is followed relative to the including file, in place")
  void includes() throws Undecidable {
    Path dir = temp.resolve("conf");
    GitFixture.write(
        dir.resolve("main"), "[a]\n x = 1\n[include]\n path = sub/more\n[a]\n y = 3\n");
    GitFixture.write(dir.resolve("sub/more"), "[a]\n x = 2\n[include]\n path = missing\n");
    Path main = dir.resolve("main");
    String git =
        fx.run(temp, "config", "-z", "--includes", "--file", main.toString(), "--list").out();
    GitConfig config = GitConfig.load(main, fx.env);
    assertThat(render(config)).isEqualTo(parseZ(git));
    assertThat(config.get("a.x")).contains("2");
  }

  @Test
  @DisplayName("booleans read as git reads them")
  void booleans() {
    for (String t : new String[] {"true", "Yes", "on", "1", "-3"}) {
      assertThat(GitConfig.parseBoolean(t)).as(t).isTrue();
    }
    for (String t : new String[] {"false", "NO", "off", "0", ""}) {
      assertThat(GitConfig.parseBoolean(t)).as(t).isFalse();
    }
    assertThat(GitConfig.parseBoolean("maybe")).isNull();
  }

  private static List<String> render(GitConfig config) {
    List<String> out = new ArrayList<>();
    for (GitConfig.Entry e : config.entries()) {
      out.add(e.value() == null ? e.key() : e.key() + "\n" + e.value());
    }
    return out;
  }

  /** {@code -z} output: "key\nvalue\0" or "key\0" (no value). */
  private static List<String> parseZ(String out) {
    String body = out;
    if (body.isEmpty()) {
      return List.of();
    }
    List<String> items = new ArrayList<>(Arrays.asList(body.split("\0", -1)));
    if (items.get(items.size() - 1).isEmpty()) {
      items.remove(items.size() - 1);
    }
    return items;
  }
}
