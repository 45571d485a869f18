package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the progress bar")
class ProgressTest {
  @TempDir Path dir;

  @Test
  @DisplayName("the line: label, a 30-character bar, the percentage and bytes in binary units")
  void line() {
    // 3 MiB of 4 MiB: 75 %, floor(0.75 * 30) = 22 marks
    assertThat(Progress.line("reading a.csv", 3L << 20, 4L << 20))
        .isEqualTo(
            "reading a.csv [" + "#".repeat(22) + ".".repeat(8) + "]  75%  3.0 MiB / 4.0 MiB");
    assertThat(Progress.line("reading", 512, -1)).isEqualTo("reading 512 B");
    assertThat(Progress.bytes(1536)).isEqualTo("1.5 KiB");
  }

  @Test
  @DisplayName("a tracked stream redraws with \\r as it is read, reaches 100 % and clears its line")
  void tracks() throws IOException {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    // every reading of the clock is a redraw interval later
    Progress p = new Progress(new PrintWriter(err), () -> now.addAndGet(Progress.REDRAW_NANOS));
    byte[] data = new byte[4096];
    try (InputStream in = p.track("reading x", new ByteArrayInputStream(data), data.length)) {
      byte[] buf = new byte[1024];
      while (in.read(buf) > 0) {
        // drain
      }
    }
    String s = err.toString();
    assertThat(s).startsWith("\rreading x [").contains(" 25%").contains("100%  4.0 KiB / 4.0 KiB");
    String last = s.substring(s.lastIndexOf('\r', s.length() - 2));
    assertThat(last.strip()).isEmpty();
    assertThat(s).endsWith("\r");
  }

  @Test
  @DisplayName("redraws are rate-limited: a clock that stands still draws once")
  void rateLimited() throws IOException {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err), () -> 0L);
    try (InputStream in = p.track("r", new ByteArrayInputStream(new byte[100]), 100)) {
      in.readAllBytes();
    }
    // the first draw, then only the clearing
    assertThat(err.toString().chars().filter(c -> c == '\r').count()).isEqualTo(3);
    assertThat(err.toString()).contains("  0%").doesNotContain("100%");
  }

  @Test
  @DisplayName("none() and a non-terminal stderr draw nothing and hand the stream back")
  void none() {
    InputStream in = new ByteArrayInputStream(new byte[1]);
    assertThat(Progress.none().track("x", in, 1)).isSameAs(in);
    assertThat(Progress.none().enabled()).isFalse();
    // Surefire's forked JVM talks through pipes: no terminal, so no bar
    assertThat(Progress.terminal()).isFalse();
    assertThat(Progress.forTerminal(new PrintWriter(new StringWriter()), false).enabled())
        .isFalse();
    assertThat(Progress.forTerminal(new PrintWriter(new StringWriter()), true).enabled()).isFalse();
  }

  @Test
  @DisplayName(
      "a read with the bar reads the same table, and its errors name the file, not <stream>")
  void readWithBar() throws IOException {
    Path f = Files.writeString(dir.resolve("a.csv"), "x\n1\n2\n");
    Progress bar = new Progress(new PrintWriter(new StringWriter()), System::nanoTime);
    Table t = CsvInputs.read(f, Map.of("x", ColumnType.NUMERIC), bar);
    assertThat(t.numeric("x").toArray()).containsExactly(1.0, 2.0);
    Path bad = Files.writeString(dir.resolve("bad.csv"), "x\n1\nabc\n");
    assertThatThrownBy(() -> CsvInputs.read(bad, Map.of("x", ColumnType.NUMERIC), bar))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(bad + ": line 3")
        .hasMessageNotContaining("<stream>");
  }
}
