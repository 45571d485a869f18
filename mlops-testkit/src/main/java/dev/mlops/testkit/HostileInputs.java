package dev.mlops.testkit;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The shared corpus of hostile names, keys and paths: inputs that would be dangerous if any backend
 * turned a name into a file path, a URL or SQL text, or that cannot be stored as text. Every mlops
 * API that takes a name, key or path must refuse each of them with {@code InvalidInputException}
 * before writing anything; backend and facade authors feed the corpus to their own entry points.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (HostileInputs.Input in : HostileInputs.all()) {
 *   assertThatThrownBy(() -> artifacts.latest(in.value()))
 *       .as(in.label())
 *       .isInstanceOf(InvalidInputException.class);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HostileInputs {

  /**
   * One hostile input.
   *
   * @param label what it tries, for test names
   * @param value the input
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Input(String label, String value) {
    /** Checks the fields. */
    public Input {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(value, "value");
    }

    /** Returns the label, so parameterized tests show it. */
    @Override
    public String toString() {
      return label;
    }
  }

  private static final List<Input> ALL =
      List.of(
          new Input("parent directory", "../"),
          new Input("parent directory then a name", "../etc/passwd"),
          new Input("name then parent directory", "data/../../x"),
          new Input("Windows parent directory", "..\\"),
          new Input("Windows parent directory then a name", "..\\windows\\system32"),
          new Input("URL-encoded traversal", "%2e%2e/"),
          new Input("URL-encoded traversal, upper case", "%2E%2E%2F"),
          new Input("double URL-encoded traversal", "%252e%252e%252f"),
          new Input("overlong UTF-8 dot", "%c0%ae%c0%ae/"),
          new Input("double slash to /proc", "//proc/self/"),
          new Input("/proc environment", "/proc/self/environ"),
          new Input("file scheme", "file:"),
          new Input("file URL", "file:///etc/passwd"),
          new Input("http URL", "http://169.254.169.254/latest"),
          new Input("jar URL", "jar:file:/x.jar!/"),
          new Input("absolute Unix path", "/etc/passwd"),
          new Input("absolute Windows path", "C:\\Windows\\win.ini"),
          new Input("Windows drive letter", "C:"),
          new Input("Windows drive-relative path", "d:secret"),
          new Input("UNC path", "\\\\server\\share"),
          new Input("Windows device name path", "\\\\.\\PhysicalDrive0"),
          new Input("fragment", "model#fragment"),
          new Input("query string", "model?version=1"),
          new Input("NUL", "model\u0000.txt"),
          new Input("NUL alone", "\u0000"),
          new Input("line break", "model\nname"),
          new Input("carriage return", "model\rname"),
          new Input("tab", "model\tname"),
          new Input("very long name (10,000 characters)", "a".repeat(10_000)),
          new Input("very long name (100,000 characters)", "b".repeat(100_000)),
          new Input("unpaired high surrogate", "model\uD800"),
          new Input("unpaired low surrogate", "\uDC00model"),
          new Input("reversed surrogate pair", "x\uDC00\uD800x"),
          new Input("empty", ""),
          new Input("single dot", "."),
          new Input("double dot", ".."),
          new Input("SQL injection", "x'; DROP TABLE artifact_versions; --"),
          new Input("SQL comment", "x/*"),
          new Input("LIKE wildcard", "%"),
          new Input("shell substitution", "$(rm -rf /)"),
          new Input("home directory", "~/.ssh/id_rsa"),
          new Input("full-width dots and slash", "\uFF0E\uFF0E\uFF0F"),
          new Input("one dot leader", "\u2024\u2024/"),
          new Input("right-to-left override", "model\u202Egnp.exe"),
          new Input("zero-width space", "mo\u200Bdel"),
          new Input("BOM", "\uFEFFmodel"),
          new Input("non-breaking space", "model\u00A0name"),
          new Input("Cyrillic look-alike", "m\u043Edel"),
          new Input("colon stream", "model::$DATA"),
          new Input("leading space", " model"),
          new Input("trailing space", "model "),
          new Input("HTML", "<script>alert(1)</script>"),
          new Input("quote", "model\"name"),
          new Input("backslash", "model\\name"));

  private HostileInputs() {}

  /**
   * Returns the whole corpus.
   *
   * @return every hostile input, in a fixed order
   */
  public static List<Input> all() {
    return ALL;
  }
}
