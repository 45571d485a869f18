package dev.mlops.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with aligned columns for failure messages. Not thread-safe. */
final class SliceTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int width;

  SliceTable(String... header) {
    this.width = header.length;
    rows.add(header.clone());
  }

  void row(String... cells) {
    if (cells.length != width) {
      throw new IllegalArgumentException("expected " + width + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
  }

  String render() {
    int[] widths = new int[width];
    for (String[] row : rows) {
      for (int c = 0; c < width; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < width; c++) {
        line.append(row[c]);
        if (c < width - 1) {
          line.append(" ".repeat(widths[c] - row[c].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }

  /** Four significant digits: enough to see a miss, short enough to read. */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return String.format(Locale.ROOT, "%.4g", value)
        .replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
        .replaceFirst("\\.(e|$)", "$1");
  }

  static String percent(double level) {
    return String.format(Locale.ROOT, "%s %%", number(level * 100));
  }
}
