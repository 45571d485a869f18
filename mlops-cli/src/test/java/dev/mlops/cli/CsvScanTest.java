package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the type-rule scan of a CSV file")
class CsvScanTest {
  @TempDir Path dir;

  private CsvScan scan(String csv) throws IOException {
    Path f = dir.resolve("f.csv");
    Files.write(f, csv.getBytes(StandardCharsets.UTF_8));
    return CsvScan.scan(f, true);
  }

  @Test
  @DisplayName("quoted header names keep commas, doubled quotes and UTF-8; a BOM is skipped")
  void header() throws IOException {
    CsvScan s = scan("\uFEFF\"a,b\",\"say \"\"hi\"\"\",größe\n1,2,3\n");
    assertThat(s.header).containsExactly("a,b", "say \"hi\"", "größe");
  }

  @Test
  @DisplayName("a quoted number is a number; a field with doubled quotes or spaces is not")
  void quoted() throws IOException {
    CsvScan s = scan("a,b,c\n\"1.5\",\"1\"\"\",\" 2\"\n");
    assertThat(s.allNumeric).containsExactly(true, false, false);
    assertThat(s.hasValue).containsExactly(true, true, true);
  }

  @Test
  @DisplayName("an unquoted empty field is null; a row may end in one")
  void nulls() throws IOException {
    CsvScan s = scan("a,b\n,\n,\n");
    assertThat(s.hasValue).containsExactly(false, false);
  }

  @Test
  @DisplayName("CRLF line endings and a last line without newline are read")
  void crlf() throws IOException {
    CsvScan s = scan("a,b\r\n1,x\r\n2,3");
    assertThat(s.header).containsExactly("a", "b");
    assertThat(s.allNumeric).containsExactly(true, false);
  }

  @Test
  @DisplayName("a quoted field with commas and newlines stays one field")
  void multiline() throws IOException {
    CsvScan s = scan("a,b\n\"x,\ny\",1\n\"\",2\n");
    assertThat(s.allNumeric).containsExactly(false, true);
  }

  @Test
  @DisplayName("the last row of a file of many blocks decides; a 200 KiB field grows the buffer")
  void manyBlocks() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append(i).append(".25,").append(i).append('\n');
    }
    sb.append("\"").append("q".repeat(200_000)).append("\",7\n");
    sb.append("1,oops\n");
    CsvScan s = scan(sb.toString());
    assertThat(s.allNumeric).containsExactly(false, false);
    CsvScan t = scan(sb.substring(0, sb.indexOf("\"")));
    assertThat(t.allNumeric).containsExactly(true, true);
  }
}
