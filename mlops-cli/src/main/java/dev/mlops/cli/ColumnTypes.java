package dev.mlops.cli;

import dev.mlops.api.table.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The column types of the command line (CLI-JSON.md): {@code --types} items, and the rule for every
 * column they leave out.
 *
 * <p>Stateless and thread-safe.
 */
final class ColumnTypes {
  private ColumnTypes() {}

  /**
   * Parses the {@code --types} values: each value is a comma-separated list of {@code
   * name=numeric|categorical}, split at the item's last {@code =}.
   *
   * @param values the option's values, in order
   * @return column name to type, in the order first given
   * @throws UsageException if an item is malformed or a column is given two different types
   */
  static Map<String, ColumnType> parse(List<String> values) {
    Map<String, ColumnType> out = new LinkedHashMap<>();
    for (String value : values) {
      for (String item : value.split(",", -1)) {
        int eq = item.lastIndexOf('=');
        if (eq <= 0) {
          throw new UsageException(
              "--types item '"
                  + item
                  + "' is not NAME=numeric or NAME=categorical; e.g. --types age=numeric,city=categorical");
        }
        String name = item.substring(0, eq);
        ColumnType type =
            switch (item.substring(eq + 1).toLowerCase(Locale.ROOT)) {
              case "numeric" -> ColumnType.NUMERIC;
              case "categorical" -> ColumnType.CATEGORICAL;
              default ->
                  throw new UsageException(
                      "--types item '"
                          + item
                          + "': the type must be numeric or categorical, not '"
                          + item.substring(eq + 1)
                          + "'");
            };
        ColumnType before = out.putIfAbsent(name, type);
        if (before != null && before != type) {
          throw new UsageException(
              "--types gives column '"
                  + name
                  + "' two types ("
                  + before.name().toLowerCase(Locale.ROOT)
                  + " and "
                  + type.name().toLowerCase(Locale.ROOT)
                  + "); give it one");
        }
      }
    }
    return out;
  }

  /**
   * The type of a column without a declared type: numeric when the first side with a non-null field
   * has only finite decimals or {@code NaN}, categorical when it has anything else, numeric when no
   * side has a value.
   *
   * @param sides the scans in order of precedence (reference, then current), each with the column
   *     at {@code index}
   * @param index the column's position in each scan's header
   * @return the type
   */
  static ColumnType infer(List<CsvScan> sides, int index) {
    for (CsvScan s : sides) {
      if (s.hasValue[index]) {
        return s.allNumeric[index] ? ColumnType.NUMERIC : ColumnType.CATEGORICAL;
      }
    }
    return ColumnType.NUMERIC;
  }

  /**
   * Resolves every column of a header: declared types first, the rule for the rest.
   *
   * @param header the header, in file order
   * @param declared the {@code --types}
   * @param sides the scans of the files (reference first); null entries when every column is
   *     declared
   * @param file the file named in the error
   * @return column name to type in header order
   * @throws UsageException if {@code --types} names a column the header lacks
   */
  static Map<String, ColumnType> resolve(
      List<String> header, Map<String, ColumnType> declared, List<CsvScan> sides, String file) {
    for (String name : declared.keySet()) {
      if (!header.contains(name)) {
        throw new UsageException(
            "--types names column '"
                + name
                + "', which "
                + file
                + " lacks (its columns: "
                + String.join(", ", header)
                + ")");
      }
    }
    Map<String, ColumnType> out = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      @Nullable ColumnType t = declared.get(name);
      out.put(name, t != null ? t : infer(sides, i));
    }
    return out;
  }

  /** True when some column of the header has no declared type, so the files must be scanned. */
  static boolean needScan(List<String> header, Map<String, ColumnType> declared) {
    List<String> missing = new ArrayList<>(header);
    missing.removeAll(declared.keySet());
    return !missing.isEmpty();
  }

  static String lower(ColumnType t) {
    return t.name().toLowerCase(Locale.ROOT);
  }
}
