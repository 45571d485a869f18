package dev.mlops.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A left-aligned text table: columns padded to their widest cell, two spaces apart, trailing spaces
 * trimmed.
 *
 * <p>Not thread-safe.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header.clone());
  }

  TextTable add(String... cells) {
    rows.add(cells.clone());
    return this;
  }

  String render() {
    int cols = 0;
    for (String[] r : rows) {
      cols = Math.max(cols, r.length);
    }
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
        }
      }
      int end = line.length();
      while (end > 0 && line.charAt(end - 1) == ' ') {
        end--;
      }
      sb.append(line, 0, end).append('\n');
    }
    return sb.toString();
  }
}
