package dev.mlops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One streaming pass over a CSV file in the oracle dialect (UTF-8, comma, RFC 4180 quotes, an empty
 * unquoted field is null) that records the header and, per column, whether it has a non-null field
 * and whether every non-null field is a finite decimal or {@code NaN}: what the type rule of the
 * command line needs. It checks nothing else; {@code CsvTableReader} reports malformed input when
 * the file is read for real.
 *
 * <p>Not thread-safe; the result is immutable once {@link #scan} returns.
 */
final class CsvScan {
  private static final int BLOCK = 1 << 16;

  final List<String> header;
  final boolean[] hasValue;
  final boolean[] allNumeric;

  private CsvScan(List<String> header) {
    this.header = header;
    this.hasValue = new boolean[header.size()];
    this.allNumeric = new boolean[header.size()];
    Arrays.fill(allNumeric, true);
  }

  /**
   * Scans a file.
   *
   * @param file the CSV file
   * @param body false to read only the header line
   * @return the scan
   * @throws IOException if the file cannot be read
   */
  static CsvScan scan(Path file, boolean body) throws IOException {
    return scan(file, body ? Long.MAX_VALUE : 0);
  }

  /**
   * Scans the header and at most {@code maxRows} records of a file.
   *
   * @param file the CSV file
   * @param maxRows how many records after the header to look at
   * @return the scan
   * @throws IOException if the file cannot be read
   */
  static CsvScan scan(Path file, long maxRows) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Tokenizer(in).run(maxRows);
    }
  }

  /** Numeric text of the rule: {@code [+-]?(d+[.d*]|.d+)([eE][+-]?d+)?} with a finite value. */
  static boolean isFiniteDecimal(byte[] b, int s, int e) {
    int n = e - s;
    if (n == 3 && b[s] == 'N' && b[s + 1] == 'a' && b[s + 2] == 'N') {
      return true;
    }
    int i = s;
    if (i < e && (b[i] == '+' || b[i] == '-')) {
      i++;
    }
    int digits = 0;
    while (i < e && isDigit(b[i])) {
      i++;
      digits++;
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e && isDigit(b[i])) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    boolean exponent = false;
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      exponent = true;
      i++;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < e && isDigit(b[i])) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    if (i != e) {
      return false;
    }
    if (exponent || n > 300) {
      // Only an exponent or hundreds of digits can overflow to infinity.
      return Double.isFinite(Double.parseDouble(new String(b, s, n, StandardCharsets.US_ASCII)));
    }
    return true;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** A byte-level RFC 4180 tokenizer; fields are handed to {@link #field} as byte ranges. */
  private static final class Tokenizer {
    private final InputStream in;
    private byte[] buf = new byte[BLOCK];
    private int limit;
    private int pos;
    private boolean eof;

    Tokenizer(InputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      if (eof) {
        return false;
      }
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      }
      if (limit == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
        return false;
      }
      limit += r;
      return true;
    }

    CsvScan run(long maxRows) throws IOException {
      while (limit < 3 && fill()) {
        // read at least the three bytes of a possible BOM
      }
      if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
        pos = 3;
      }
      List<String> names = new ArrayList<>();
      if (!record(null, names)) {
        return new CsvScan(List.of());
      }
      CsvScan scan = new CsvScan(List.copyOf(names));
      for (long r = 0; r < maxRows && record(scan, null); r++) {
        // every record updates the scan
      }
      return scan;
    }

    /**
     * Reads one record; fields go to the scan or, as strings, to {@code names}. Returns false at
     * the end of the input.
     */
    private boolean record(@Nullable CsvScan scan, @Nullable List<String> names)
        throws IOException {
      if (pos >= limit && !fill()) {
        return false;
      }
      int field = 0;
      while (true) {
        // one field starting at pos
        if (pos >= limit) {
          fill();
        }
        int start;
        int end;
        int i;
        int next; // 0 comma, 1 end of record
        boolean quoted = false;
        boolean clean = true; // quoted without doubled quotes
        if (pos < limit && buf[pos] == '"') {
          quoted = true;
          i = pos + 1;
          while (true) {
            if (i >= limit) {
              int off = i - pos;
              if (!fill()) {
                end = limit;
                next = 1;
                start = pos + 1;
                break;
              }
              i = pos + off;
              continue;
            }
            if (buf[i] == '"') {
              if (i + 1 >= limit) {
                int off = i - pos;
                if (fill()) {
                  i = pos + off;
                  continue;
                }
              }
              if (i + 1 < limit && buf[i + 1] == '"') {
                clean = false;
                i += 2;
                continue;
              }
              start = pos + 1;
              end = i;
              i++;
              next = -1;
              break;
            }
            i++;
          }
          if (next == -1) {
            // after the closing quote: skip to the separator
            while (true) {
              if (i >= limit) {
                int off = i - pos;
                int so = start - pos;
                int eo = end - pos;
                if (!fill()) {
                  next = 1;
                  break;
                }
                i = pos + off;
                start = pos + so;
                end = pos + eo;
                continue;
              }
              byte c = buf[i];
              if (c == ',') {
                next = 0;
                break;
              }
              if (c == '\n') {
                next = 1;
                break;
              }
              i++;
            }
          }
        } else {
          i = pos;
          while (true) {
            if (i >= limit) {
              int off = i - pos;
              if (!fill()) {
                next = 1;
                break;
              }
              i = pos + off;
              continue;
            }
            byte c = buf[i];
            if (c == ',') {
              next = 0;
              break;
            }
            if (c == '\n') {
              next = 1;
              break;
            }
            i++;
          }
          start = pos;
          end = next == 1 && i > start && buf[i - 1] == '\r' ? i - 1 : i;
        }
        if (names != null) {
          String s = new String(buf, start, end - start, StandardCharsets.UTF_8);
          names.add(quoted && !clean ? s.replace("\"\"", "\"") : s);
        } else if (scan != null && field < scan.hasValue.length) {
          if (quoted || end > start) {
            scan.hasValue[field] = true;
            if (scan.allNumeric[field] && (!clean || !isFiniteDecimal(buf, start, end))) {
              scan.allNumeric[field] = false;
            }
          }
        }
        field++;
        pos = Math.min(i + 1, limit);
        if (next == 1) {
          return true;
        }
      }
    }
  }
}
