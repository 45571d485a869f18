package dev.mlops.validation.drift;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Test-only reader of the oracle's CSV dialect: UTF-8, LF, comma, one header row, RFC 4180 quotes
 * (doubled embedded quotes, fields never trimmed), an empty unquoted field is null.
 */
final class OracleCsv {
  final List<String> header;
  final List<String[]> rows;

  private OracleCsv(List<String> header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  static OracleCsv read(InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    List<List<String>> records = parse(text);
    List<String> header = records.get(0);
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> r = records.get(i);
      if (r.size() != header.size()) {
        throw new IOException("row " + i + " has " + r.size() + " fields, header " + header.size());
      }
      rows.add(r.toArray(new String[0]));
    }
    return new OracleCsv(header, rows);
  }

  static List<List<String>> parse(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        field.append(c);
        i++;
        continue;
      }
      if (c == '"') {
        quoted = true;
        wasQuoted = true;
        i++;
      } else if (c == ',') {
        rec.add(value(field, wasQuoted));
        field.setLength(0);
        wasQuoted = false;
        i++;
      } else if (c == '\n') {
        rec.add(value(field, wasQuoted));
        field.setLength(0);
        wasQuoted = false;
        out.add(rec);
        rec = new ArrayList<>();
        i++;
      } else {
        field.append(c);
        i++;
      }
    }
    if (field.length() > 0 || wasQuoted || !rec.isEmpty()) {
      rec.add(value(field, wasQuoted));
      out.add(rec);
    }
    return out;
  }

  private static String value(StringBuilder field, boolean wasQuoted) {
    return field.length() == 0 && !wasQuoted ? null : field.toString();
  }

  int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name);
    }
    return i;
  }

  String[] strings(String name) {
    int c = column(name);
    String[] out = new String[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      out[r] = rows.get(r)[c];
    }
    return out;
  }

  /** Numeric column: values (NaN for literal NaN and for nulls) and the null mask. */
  double[] numbers(String name, java.util.BitSet nulls) {
    int c = column(name);
    double[] out = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      String s = rows.get(r)[c];
      if (s == null) {
        nulls.set(r);
        out[r] = Double.NaN;
      } else if (Objects.equals(s, "NaN")) {
        out[r] = Double.NaN;
      } else {
        out[r] = Double.parseDouble(s);
      }
    }
    return out;
  }
}
