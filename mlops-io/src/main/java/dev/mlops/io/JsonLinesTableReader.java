package dev.mlops.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON lines (one JSON object per line) into a {@link Table}, streaming line by line through
 * Jackson's token-level parser. Columns and types follow {@link JsonLinesOptions}; blank lines are
 * skipped.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Table events = JsonLinesTableReader.withDefaults().read(Path.of("events.jsonl"));
 * }</pre>
 *
 * <p>Bad input throws {@link InvalidInputException} naming the file (or {@code <stream>}), the
 * line, the column and what to do: a line that is not a JSON object, a value of the wrong type for
 * its column, a nested value, a key that is no column, a repeated key, bytes that are not UTF-8. In
 * collect-errors mode ({@link #readCollecting}) the bad lines are set aside as {@link BadRow}s,
 * except invalid UTF-8, which stops the read.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JsonLinesTableReader {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonLinesOptions options;

  private JsonLinesTableReader(JsonLinesOptions options) {
    this.options = options;
  }

  /**
   * Creates a reader.
   *
   * @param options the typing rules
   * @return the reader
   */
  public static JsonLinesTableReader of(JsonLinesOptions options) {
    return new JsonLinesTableReader(Objects.requireNonNull(options, "options"));
  }

  /**
   * Creates a reader with inferred types.
   *
   * @return the reader
   */
  public static JsonLinesTableReader withDefaults() {
    return new JsonLinesTableReader(JsonLinesOptions.defaults());
  }

  /**
   * Reads a file.
   *
   * @param file the JSON-lines file
   * @return the table
   * @throws InvalidInputException if the content is bad
   * @throws StorageException if the file cannot be read
   */
  public Table read(Path file) {
    return readFile(file, false).table();
  }

  /**
   * Reads a stream to its end (not closed); errors name {@code <stream>}.
   *
   * @param in the bytes
   * @return the table
   * @throws InvalidInputException if the content is bad
   * @throws StorageException if reading fails
   */
  public Table read(InputStream in) {
    return readStream(in, false).table();
  }

  /**
   * Reads a file, setting bad lines aside.
   *
   * @param file the JSON-lines file
   * @return the good rows and the bad ones
   * @throws InvalidInputException if the bytes are not UTF-8
   * @throws StorageException if the file cannot be read
   */
  public ReadResult readCollecting(Path file) {
    return readFile(file, true);
  }

  /**
   * Reads a stream to its end, setting bad lines aside (not closed).
   *
   * @param in the bytes
   * @return the good rows and the bad ones
   * @throws InvalidInputException if the bytes are not UTF-8
   * @throws StorageException if reading fails
   */
  public ReadResult readCollecting(InputStream in) {
    return readStream(in, true);
  }

  private ReadResult readFile(Path file, boolean collect) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return new Run(options, file.toString(), collect).read(in);
    } catch (IOException e) {
      throw new StorageException(
          "cannot read " + file + ": " + e.getMessage() + "; check that it exists and is readable",
          e);
    }
  }

  private ReadResult readStream(InputStream in, boolean collect) {
    Objects.requireNonNull(in, "in");
    try {
      return new Run(options, CsvTableReader.STREAM, collect).read(in);
    } catch (IOException e) {
      throw new StorageException("cannot read <stream>: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JsonLinesTableReader" + options;
  }

  /** One parsed line: keys, token kinds and texts. */
  private record Line(
      long number,
      String[] keys,
      JsonToken[] tokens,
      @Nullable String[] texts,
      @Nullable String error) {}

  /** A line that is not a flat JSON object. */
  private static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String message) {
      super(message, null, false, false);
    }
  }

  /** One read; not thread-safe. */
  private static final class Run {
    private final JsonLinesOptions options;
    private final String source;
    private final boolean collect;
    private final List<BadRow> bad = new ArrayList<>();
    private long badCount;
    private long dataRows;
    private int rows;
    private String[] names = new String[0];
    private ColumnType[] types = new ColumnType[0];
    private final Map<String, Integer> index = new HashMap<>();
    private Object[] builders = new Object[0];

    Run(JsonLinesOptions options, String source, boolean collect) {
      this.options = options;
      this.source = source;
      this.collect = collect;
    }

    ReadResult read(InputStream in) throws IOException {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  in,
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT)),
              1 << 16);
      long lineNumber = 0;
      List<Line> sample = new ArrayList<>();
      String text;
      boolean columnsFixed = false;
      while (true) {
        try {
          text = reader.readLine();
        } catch (CharacterCodingException e) {
          throw new InvalidInputException(
              null,
              dataRows,
              source
                  + ": line "
                  + (lineNumber + 1)
                  + ": the bytes are not valid UTF-8; save the file as UTF-8",
              e);
        }
        if (text == null) {
          break;
        }
        lineNumber++;
        if (text.isBlank()) {
          continue;
        }
        Line line;
        try {
          line = parse(text, lineNumber);
        } catch (BadLine e) {
          line =
              new Line(
                  lineNumber,
                  new String[0],
                  new JsonToken[0],
                  new String[0],
                  Objects.requireNonNullElse(e.getMessage(), "is not a JSON object"));
        }
        if (!columnsFixed) {
          sample.add(line);
          if (sample.size() >= options.sampleRows()) {
            fixColumns(sample);
            columnsFixed = true;
          }
          continue;
        }
        process(line);
      }
      if (!columnsFixed) {
        fixColumns(sample);
      }
      List<Column> columns = new ArrayList<>();
      for (Object b : builders) {
        columns.add(build(b));
      }
      return new ReadResult(source, Table.of(columns), bad, badCount);
    }

    private void fixColumns(List<Line> sample) {
      Map<String, ColumnType> declared = options.types();
      Map<String, Integer> order = new LinkedHashMap<>();
      for (Line l : sample) {
        for (String k : l.keys()) {
          order.putIfAbsent(k, order.size());
        }
      }
      for (String k : declared.keySet()) {
        order.putIfAbsent(k, order.size());
      }
      names = order.keySet().toArray(new String[0]);
      types = new ColumnType[names.length];
      builders = new Object[names.length];
      for (int c = 0; c < names.length; c++) {
        String name = names[c];
        index.put(name, c);
        ColumnType t = declared.get(name);
        if (t == null) {
          if (!options.inferTypes()) {
            throw new InvalidInputException(
                name,
                -1,
                source
                    + ": key '"
                    + name
                    + "' has no declared type and inference is off; declare it with"
                    + " JsonLinesOptions.Builder.type or turn inferTypes on",
                null);
          }
          t = infer(name, sample);
        }
        types[c] = t;
        builders[c] =
            switch (t) {
              case NUMERIC -> NumericColumn.builder(name);
              case CATEGORICAL -> CategoricalColumn.builder(name);
              case BOOLEAN -> BooleanColumn.builder(name);
              case TIMESTAMP -> TimestampColumn.builder(name);
            };
      }
      for (Line l : sample) {
        process(l);
      }
    }

    private ColumnType infer(String name, List<Line> sample) {
      boolean number = false;
      boolean bool = false;
      boolean string = false;
      boolean allTimes = true;
      boolean allNonFinite = true;
      for (Line l : sample) {
        for (int i = 0; i < l.keys().length; i++) {
          if (!l.keys()[i].equals(name)) {
            continue;
          }
          JsonToken t = l.tokens()[i];
          String text = l.texts()[i];
          switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number = true;
            case VALUE_TRUE, VALUE_FALSE -> bool = true;
            case VALUE_STRING -> {
              string = true;
              String s = Objects.requireNonNull(text);
              allNonFinite &= nonFinite(s) != null;
              allTimes &= Timestamps.isTimestamp(s, options.zone());
            }
            default -> {}
          }
        }
      }
      if ((number || string) && !bool && (!string || allNonFinite)) {
        return ColumnType.NUMERIC;
      }
      if (bool && !number && !string) {
        return ColumnType.BOOLEAN;
      }
      if (string && !number && !bool && allTimes) {
        return ColumnType.TIMESTAMP;
      }
      return ColumnType.CATEGORICAL;
    }

    private static @Nullable Double nonFinite(String s) {
      return switch (s) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> null;
      };
    }

    private static Line parse(String text, long number) throws BadLine {
      try (JsonParser p = FACTORY.createParser(text)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new BadLine("is not a JSON object; write one object per line");
        }
        List<String> keys = new ArrayList<>();
        List<JsonToken> tokens = new ArrayList<>();
        List<@Nullable String> texts = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (keys.contains(key)) {
            throw new BadLine("repeats key '" + key + "'; give each key once per line");
          }
          JsonToken v = p.nextToken();
          if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            throw new BadLine(
                "holds a nested "
                    + (v == JsonToken.START_OBJECT ? "object" : "array")
                    + " under key '"
                    + key
                    + "'; only flat values fit a table column");
          }
          keys.add(key);
          tokens.add(v);
          texts.add(v == JsonToken.VALUE_NULL ? null : p.getText());
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
          throw new BadLine("has content after its JSON object; write one object per line");
        }
        return new Line(
            number,
            keys.toArray(new String[0]),
            tokens.toArray(new JsonToken[0]),
            texts.toArray(new String[0]),
            null);
      } catch (JsonProcessingException e) {
        throw new BadLine("is not valid JSON (" + e.getOriginalMessage() + ")");
      } catch (IOException e) {
        throw new BadLine("cannot be parsed (" + e.getMessage() + ")");
      }
    }

    private void process(Line line) {
      dataRows++;
      if (line.error() != null) {
        reject(line.number(), -1, line.error());
        return;
      }
      int[] at = new int[names.length];
      Arrays.fill(at, -1);
      for (int i = 0; i < line.keys().length; i++) {
        Integer c = index.get(line.keys()[i]);
        if (c == null) {
          reject(
              line.number(),
              -1,
              "has key '"
                  + line.keys()[i]
                  + "' that is no column (columns come from the first "
                  + options.sampleRows()
                  + " lines and the declared types); declare it with JsonLinesOptions.Builder.type");
          return;
        }
        at[c] = i;
      }
      for (int c = 0; c < names.length; c++) {
        int i = at[c];
        JsonToken t = i < 0 ? JsonToken.VALUE_NULL : line.tokens()[i];
        String why = append(c, t, i < 0 ? null : line.texts()[i]);
        if (why != null) {
          for (Object b : builders) {
            truncate(b, rows);
          }
          reject(line.number(), c, why);
          return;
        }
      }
      rows++;
    }

    /** Appends a value; returns null, or why it does not fit. */
    private @Nullable String append(int c, JsonToken t, @Nullable String text) {
      Object b = builders[c];
      boolean isNull = t == JsonToken.VALUE_NULL;
      switch (types[c]) {
        case NUMERIC -> {
          NumericColumn.Builder n = (NumericColumn.Builder) b;
          if (isNull) {
            n.appendNull();
          } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            n.append(Double.parseDouble(Objects.requireNonNull(text)));
          } else {
            Double v = t == JsonToken.VALUE_STRING ? nonFinite(Objects.requireNonNull(text)) : null;
            if (v == null) {
              return "value "
                  + shown(t, text)
                  + " is not a number; fix it or declare the column CATEGORICAL";
            }
            n.append(v);
          }
        }
        case CATEGORICAL -> {
          CategoricalColumn.Builder k = (CategoricalColumn.Builder) b;
          if (isNull) {
            k.appendNull();
          } else if (t == JsonToken.VALUE_STRING) {
            k.append(text);
          } else {
            return "value "
                + shown(t, text)
                + " is not a string; quote it or declare the column's type";
          }
        }
        case BOOLEAN -> {
          BooleanColumn.Builder k = (BooleanColumn.Builder) b;
          if (isNull) {
            k.appendNull();
          } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            k.append(t == JsonToken.VALUE_TRUE);
          } else {
            return "value "
                + shown(t, text)
                + " is not a boolean; fix it or declare the column CATEGORICAL";
          }
        }
        case TIMESTAMP -> {
          TimestampColumn.Builder k = (TimestampColumn.Builder) b;
          if (isNull) {
            k.appendNull();
          } else {
            try {
              if (t != JsonToken.VALUE_STRING) {
                throw new DateTimeException("not a string");
              }
              k.appendMicros(Timestamps.parseMicros(Objects.requireNonNull(text), options.zone()));
            } catch (DateTimeException | ArithmeticException e) {
              return "value "
                  + shown(t, text)
                  + " is not an ISO-8601 timestamp string in the microsecond range;"
                  + " fix it or declare the column CATEGORICAL";
            }
          }
        }
      }
      return null;
    }

    private static String shown(JsonToken t, @Nullable String text) {
      String s = t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : String.valueOf(text);
      return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static void truncate(Object b, int size) {
      if (b instanceof NumericColumn.Builder n) {
        n.truncate(size);
      } else if (b instanceof CategoricalColumn.Builder k) {
        k.truncate(size);
      } else if (b instanceof BooleanColumn.Builder k) {
        k.truncate(size);
      } else if (b instanceof TimestampColumn.Builder k) {
        k.truncate(size);
      }
    }

    private static Column build(Object b) {
      if (b instanceof NumericColumn.Builder n) {
        return n.build();
      } else if (b instanceof CategoricalColumn.Builder k) {
        return k.build();
      } else if (b instanceof BooleanColumn.Builder k) {
        return k.build();
      }
      return ((TimestampColumn.Builder) b).build();
    }

    private void reject(long line, int column, String why) {
      String col = column < 0 ? null : names[column];
      String where = column < 0 ? ": the line " : ", column " + (column + 1) + " '" + col + "': ";
      if (!collect) {
        throw new InvalidInputException(
            col,
            dataRows - 1,
            source
                + ": line "
                + line
                + where
                + why
                + " (or read with readCollecting to set bad lines aside and keep the rest)",
            null);
      }
      badCount++;
      if (bad.size() < options.maxBadRows()) {
        bad.add(new BadRow(line, col, column, column < 0 ? "the line " + why : why));
      }
    }
  }
}
