package dev.mlops.io;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One CSV read: a hand-written RFC 4180 tokenizer over a byte buffer that appends each field
 * straight into the column builders (numbers parsed from bytes, categories looked up by their
 * bytes). Not thread-safe; one instance per read.
 */
final class CsvParser {
  private static final int NUMERIC = 0;
  private static final int CATEGORICAL = 1;
  private static final int BOOLEAN = 2;
  private static final int TIMESTAMP = 3;
  private static final byte QUOTE = '"';
  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final String SKIP_HINT =
      " (or read with readCollecting to set bad rows aside and keep the rest)";

  private final CsvOptions options;
  private final String source;
  private final boolean collect;
  private final InputStream in;
  private final long sizeHint;
  private final byte delim;
  private final byte[][] nullTokens;
  private final boolean onlyEmptyIsNull;
  private final ZoneId zone;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int limit;
  private boolean eof;
  private long nextLine = 1;
  private long recordLine;

  private int[] fs = new int[16];
  private int[] fe = new int[16];
  private byte[] fq = new byte[16]; // 0 plain, 1 quoted, 2 quoted with doubled quotes
  private int nf;
  private byte[] scratch = new byte[64];

  private String[] names = new String[0];
  private int ncols;
  private int[] kinds = new int[0];
  private NumericColumn.@Nullable Builder[] num = new NumericColumn.Builder[0];
  private CategoricalColumn.@Nullable Builder[] cat = new CategoricalColumn.Builder[0];
  private @Nullable ByteDictionary[] dicts = new ByteDictionary[0];
  private BooleanColumn.@Nullable Builder[] bools = new BooleanColumn.Builder[0];
  private TimestampColumn.@Nullable Builder[] times = new TimestampColumn.Builder[0];
  private int rows;
  private long dataRecords;
  private final List<BadRow> bad = new ArrayList<>();
  private long badCount;
  private String reason = "";

  CsvParser(CsvOptions options, InputStream in, String source, long sizeHint, boolean collect) {
    this.options = options;
    this.in = in;
    this.source = source;
    this.sizeHint = sizeHint;
    this.collect = collect;
    this.delim = (byte) options.delimiter();
    this.zone = options.zone();
    List<String> tokens = options.nullTokens();
    this.nullTokens = new byte[tokens.size()][];
    for (int i = 0; i < tokens.size(); i++) {
      nullTokens[i] = tokens.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.onlyEmptyIsNull = tokens.size() == 1 && tokens.get(0).isEmpty();
  }

  /** A data record kept for type inference, fields unescaped. */
  private record Sample(
      byte[] data, int[] starts, int[] ends, byte[] flags, int fields, long line) {}

  ReadResult read() throws IOException {
    fill();
    while (limit < 3 && !eof) {
      fill();
    }
    if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
      pos = 3;
    }
    List<Sample> sample = new ArrayList<>();
    if (!nextRecord()) {
      if (options.header()) {
        throw new InvalidInputException(
            null, -1, source + " is empty; expected a header line naming the columns", null);
      }
      return new ReadResult(source, Table.empty(), List.of(), 0);
    }
    if (options.header()) {
      names = headerNames();
    } else {
      names = new String[nf];
      for (int i = 0; i < nf; i++) {
        names[i] = "c" + i;
      }
      sample.add(capture());
    }
    ncols = names.length;
    Map<String, ColumnType> declared = declaredTypes();
    boolean infer = declared.size() < ncols;
    while (infer && sample.size() < options.sampleRows() && nextRecord()) {
      sample.add(capture());
    }
    kinds = new int[ncols];
    for (int c = 0; c < ncols; c++) {
      ColumnType t = declared.get(names[c]);
      kinds[c] = kindOf(t != null ? t : infer(c, sample));
    }
    createBuilders(estimateRows(sample.size()));
    for (Sample s : sample) {
      process(s.data(), s.starts(), s.ends(), s.flags(), s.fields(), s.line());
    }
    while (nextRecord()) {
      process(buf, fs, fe, fq, nf, recordLine);
    }
    return new ReadResult(source, build(), bad, badCount);
  }

  // ---------------------------------------------------------------- tokenizer

  private void fill() throws IOException {
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
    } else {
      limit += r;
    }
  }

  /** Finds the next record; false at the end of input. */
  private boolean nextRecord() throws IOException {
    while (true) {
      if (pos >= limit) {
        if (eof) {
          return false;
        }
        fill();
        continue;
      }
      int end = scan(pos);
      if (end >= 0) {
        pos = end;
        return true;
      }
      fill();
    }
  }

  private void field(int f, int s, int e, int flag) {
    if (f == fs.length) {
      fs = Arrays.copyOf(fs, f * 2);
      fe = Arrays.copyOf(fe, f * 2);
      fq = Arrays.copyOf(fq, f * 2);
    }
    fs[f] = s;
    fe[f] = e;
    fq[f] = (byte) flag;
  }

  /**
   * Splits the record starting at {@code start} into fields; returns the index after its line end,
   * or -1 when the buffer ends before the record does (and more input may come).
   */
  private int scan(int start) {
    final byte[] b = buf;
    final int lim = limit;
    final byte d = delim;
    int i = start;
    int f = 0;
    int extraLines = 0;
    while (true) {
      if (i < lim && b[i] == QUOTE) {
        int j = i + 1;
        boolean escaped = false;
        while (true) {
          if (j >= lim) {
            if (eof) {
              throw structural(
                  f,
                  "a quoted field is never closed (unterminated quote)",
                  "close the quote or double every quote inside the field");
            }
            return -1;
          }
          byte c = b[j];
          if (c == QUOTE) {
            if (j + 1 >= lim && !eof) {
              return -1;
            }
            if (j + 1 < lim && b[j + 1] == QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            break;
          }
          if (c == LF) {
            extraLines++;
          }
          j++;
        }
        field(f++, i + 1, j, escaped ? 2 : 1);
        i = j + 1;
        if (i >= lim) {
          return finish(f, lim, extraLines);
        }
        byte c = b[i];
        if (c == d) {
          i++;
          continue;
        }
        if (c == LF) {
          return finish(f, i + 1, extraLines);
        }
        if (c == CR) {
          if (i + 1 >= lim) {
            return eof ? finish(f, lim, extraLines) : -1;
          }
          if (b[i + 1] == LF) {
            return finish(f, i + 2, extraLines);
          }
        }
        throw structural(
            f - 1,
            "a character follows the closing quote of a field",
            "quote the whole field and double the quotes inside it");
      }
      int j = i;
      while (j < lim) {
        byte c = b[j];
        if (c == d || c == LF || c == QUOTE) {
          break;
        }
        j++;
      }
      if (j >= lim) {
        if (!eof) {
          return -1;
        }
        int end = lim > i && b[lim - 1] == CR ? lim - 1 : lim;
        field(f++, i, end, 0);
        return finish(f, lim, extraLines);
      }
      byte c = b[j];
      if (c == d) {
        field(f++, i, j, 0);
        i = j + 1;
        continue;
      }
      if (c == LF) {
        int end = j > i && b[j - 1] == CR ? j - 1 : j;
        field(f++, i, end, 0);
        return finish(f, j + 1, extraLines);
      }
      throw structural(
          f,
          "a double quote appears inside an unquoted field",
          "quote the whole field and double the quote (\"\")");
    }
  }

  private int finish(int fields, int end, int extraLines) {
    nf = fields;
    recordLine = nextLine;
    nextLine += 1 + extraLines;
    return end;
  }

  private InvalidInputException structural(int field, String what, String todo) {
    String col = field >= 0 && field < names.length ? " '" + names[field] + "'" : "";
    return new InvalidInputException(
        field >= 0 && field < names.length ? names[field] : null,
        dataRecords,
        source + ": line " + nextLine + ", column " + (field + 1) + col + ": " + what + "; " + todo,
        null);
  }

  // ---------------------------------------------------------------- header and types

  private String[] headerNames() {
    String[] result = new String[nf];
    Map<String, Integer> seen = new HashMap<>();
    for (int f = 0; f < nf; f++) {
      byte[] b = buf;
      int s = fs[f];
      int e = fe[f];
      if (fq[f] == 2) {
        e = unescape(buf, s, e);
        b = scratch;
        s = 0;
      }
      String name = decode(b, s, e);
      if (name == null) {
        throw new InvalidInputException(
            null,
            -1,
            source
                + ": line 1, column "
                + (f + 1)
                + ": the header "
                + reason
                + "; save the file as UTF-8",
            null);
      }
      if (name.isEmpty()) {
        throw new InvalidInputException(
            null,
            -1,
            source
                + ": line 1, column "
                + (f + 1)
                + ": the header names no column here; give every column a name",
            null);
      }
      Integer before = seen.put(name, f);
      if (before != null) {
        throw new InvalidInputException(
            name,
            -1,
            source
                + ": line 1: the header names column '"
                + name
                + "' twice (columns "
                + (before + 1)
                + " and "
                + (f + 1)
                + "); give every column its own name",
            null);
      }
      result[f] = name;
    }
    return result;
  }

  private Map<String, ColumnType> declaredTypes() {
    Map<String, ColumnType> declared = options.types();
    List<String> header = Arrays.asList(names);
    for (String name : declared.keySet()) {
      if (!header.contains(name)) {
        throw new InvalidInputException(
            name,
            -1,
            source
                + ": the header lacks the declared column '"
                + name
                + "' (header: "
                + header
                + "); fix the header or the declared types",
            null);
      }
    }
    if (!options.inferTypes()) {
      for (String name : names) {
        if (!declared.containsKey(name)) {
          throw new InvalidInputException(
              name,
              -1,
              source
                  + ": column '"
                  + name
                  + "' has no declared type and inference is off;"
                  + " declare it with CsvOptions.Builder.type or turn inferTypes on",
              null);
        }
      }
    }
    return declared;
  }

  private Sample capture() {
    int total = 0;
    for (int f = 0; f < nf; f++) {
      total += fe[f] - fs[f];
    }
    byte[] data = new byte[total];
    int[] starts = new int[nf];
    int[] ends = new int[nf];
    byte[] flags = new byte[nf];
    int at = 0;
    for (int f = 0; f < nf; f++) {
      int s = fs[f];
      int e = fe[f];
      byte[] src = buf;
      if (fq[f] == 2) {
        e = unescape(buf, s, e);
        src = scratch;
        s = 0;
      }
      System.arraycopy(src, s, data, at, e - s);
      starts[f] = at;
      at += e - s;
      ends[f] = at;
      flags[f] = fq[f] == 0 ? (byte) 0 : (byte) 1;
    }
    return new Sample(data, starts, ends, flags, nf, recordLine);
  }

  private ColumnType infer(int c, List<Sample> sample) {
    boolean number = true;
    boolean bool = true;
    boolean time = true;
    boolean any = false;
    for (Sample s : sample) {
      if (c >= s.fields()) {
        continue;
      }
      byte[] b = s.data();
      int from = s.starts()[c];
      int to = s.ends()[c];
      boolean quoted = s.flags()[c] != 0;
      if (!quoted && isNullToken(b, from, to)) {
        continue;
      }
      any = true;
      if (number && !Numbers.isNumber(b, from, to)) {
        number = false;
      }
      if (bool && parseBoolean(b, from, to) < 0) {
        bool = false;
      }
      if (time) {
        time = !number && !bool && Timestamps.isTimestamp(ascii(b, from, to), zone);
      }
      if (!number && !bool && !time) {
        return ColumnType.CATEGORICAL;
      }
    }
    if (!any) {
      return ColumnType.CATEGORICAL;
    }
    return number ? ColumnType.NUMERIC : bool ? ColumnType.BOOLEAN : ColumnType.TIMESTAMP;
  }

  private static int kindOf(ColumnType t) {
    return switch (t) {
      case NUMERIC -> NUMERIC;
      case CATEGORICAL -> CATEGORICAL;
      case BOOLEAN -> BOOLEAN;
      case TIMESTAMP -> TIMESTAMP;
    };
  }

  /** Estimates the data rows from the file size and the line density of the buffer. */
  private int estimateRows(int sampled) {
    if (sizeHint <= 0 || limit - pos <= 0) {
      return Math.max(16, sampled);
    }
    int lines = 0;
    for (int i = pos; i < limit; i++) {
      if (buf[i] == LF) {
        lines++;
      }
    }
    if (lines == 0) {
      return Math.max(16, sampled);
    }
    double perLine = (double) (limit - pos) / lines;
    double estimate = sizeHint / perLine * 1.03 + 16;
    return (int) Math.min(Integer.MAX_VALUE - 16, estimate);
  }

  private void createBuilders(int capacity) {
    num = new NumericColumn.Builder[ncols];
    cat = new CategoricalColumn.Builder[ncols];
    dicts = new ByteDictionary[ncols];
    bools = new BooleanColumn.Builder[ncols];
    times = new TimestampColumn.Builder[ncols];
    for (int c = 0; c < ncols; c++) {
      switch (kinds[c]) {
        case NUMERIC -> num[c] = NumericColumn.builder(names[c], capacity);
        case CATEGORICAL -> {
          cat[c] = CategoricalColumn.builder(names[c]).reserve(capacity);
          dicts[c] = new ByteDictionary();
        }
        case BOOLEAN -> bools[c] = BooleanColumn.builder(names[c]);
        default -> times[c] = TimestampColumn.builder(names[c]);
      }
    }
  }

  private Table build() {
    List<Column> columns = new ArrayList<>(ncols);
    for (int c = 0; c < ncols; c++) {
      switch (kinds[c]) {
        case NUMERIC -> columns.add(nonNull(num[c]).build());
        case CATEGORICAL -> columns.add(nonNull(cat[c]).build());
        case BOOLEAN -> columns.add(nonNull(bools[c]).build());
        default -> columns.add(nonNull(times[c]).build());
      }
    }
    return Table.of(columns);
  }

  private static <T> T nonNull(@Nullable T t) {
    if (t == null) {
      throw new IllegalStateException("column builder missing");
    }
    return t;
  }

  // ---------------------------------------------------------------- records

  @SuppressWarnings("NullAway") // the builder of a column's kind is never null
  private void process(byte[] src, int[] starts, int[] ends, byte[] flags, int fields, long line) {
    dataRecords++;
    if (fields != ncols) {
      reject(
          line,
          -1,
          "has "
              + fields
              + " fields but the header has "
              + ncols
              + "; every row needs exactly "
              + ncols
              + " fields (quote a field that contains the delimiter)");
      return;
    }
    for (int c = 0; c < ncols; c++) {
      byte[] b = src;
      int s = starts[c];
      int e = ends[c];
      byte q = flags[c];
      if (q == 2) {
        e = unescape(src, s, e);
        b = scratch;
        s = 0;
      }
      boolean ok;
      switch (kinds[c]) {
        case NUMERIC -> ok = putNumber(num[c], b, s, e, q != 0);
        case CATEGORICAL -> ok = putCategory(cat[c], dicts[c], b, s, e, q != 0);
        case BOOLEAN -> ok = putBoolean(bools[c], b, s, e, q != 0);
        default -> ok = putTimestamp(times[c], b, s, e, q != 0);
      }
      if (!ok) {
        rollback();
        reject(line, c, reason);
        return;
      }
    }
    rows++;
  }

  private void rollback() {
    for (int c = 0; c < ncols; c++) {
      switch (kinds[c]) {
        case NUMERIC -> nonNull(num[c]).truncate(rows);
        case CATEGORICAL -> nonNull(cat[c]).truncate(rows);
        case BOOLEAN -> nonNull(bools[c]).truncate(rows);
        default -> nonNull(times[c]).truncate(rows);
      }
    }
  }

  private void reject(long line, int column, String why) {
    String col = column < 0 ? null : names[column];
    if (!collect) {
      String where = column < 0 ? "" : ", column " + (column + 1) + " '" + names[column] + "'";
      throw new InvalidInputException(
          col,
          dataRecords - 1,
          source
              + ": line "
              + line
              + where
              + ": "
              + (column < 0 ? "the row " : "")
              + why
              + SKIP_HINT,
          null);
    }
    badCount++;
    if (bad.size() < options.maxBadRows()) {
      bad.add(new BadRow(line, col, column, column < 0 ? "the row " + why : why));
    }
  }

  private boolean isNullToken(byte[] b, int s, int e) {
    if (onlyEmptyIsNull) {
      return s == e;
    }
    for (byte[] t : nullTokens) {
      if (t.length == e - s && Arrays.equals(t, 0, t.length, b, s, e)) {
        return true;
      }
    }
    return false;
  }

  private boolean putNumber(NumericColumn.Builder col, byte[] b, int s, int e, boolean quoted) {
    if (!quoted && isNullToken(b, s, e)) {
      col.appendNull();
      return true;
    }
    double v = Numbers.parse(b, s, e);
    if (v != v && !Numbers.isNaNLiteral(b, s, e)) {
      reason =
          describe(b, s, e) + " is not a number; fix the value or declare the column CATEGORICAL";
      return false;
    }
    col.append(v);
    return true;
  }

  private boolean putCategory(
      CategoricalColumn.Builder col, ByteDictionary dict, byte[] b, int s, int e, boolean quoted) {
    if (!quoted && isNullToken(b, s, e)) {
      col.appendNull();
      return true;
    }
    int code = dict.find(b, s, e);
    if (code < 0) {
      String value = decode(b, s, e);
      if (value == null) {
        reason = "the value " + reason + "; save the file as UTF-8";
        return false;
      }
      int added = col.addCategory(value);
      code = dict.insert(code, b, s, e);
      if (added != code) {
        throw new IllegalStateException("dictionary out of step: " + added + " vs " + code);
      }
    }
    col.appendCode(code);
    return true;
  }

  private boolean putBoolean(BooleanColumn.Builder col, byte[] b, int s, int e, boolean quoted) {
    if (!quoted && isNullToken(b, s, e)) {
      col.appendNull();
      return true;
    }
    int v = parseBoolean(b, s, e);
    if (v < 0) {
      reason =
          describe(b, s, e)
              + " is not a boolean (true or false); fix the value or declare the column CATEGORICAL";
      return false;
    }
    col.append(v == 1);
    return true;
  }

  private boolean putTimestamp(
      TimestampColumn.Builder col, byte[] b, int s, int e, boolean quoted) {
    if (!quoted && isNullToken(b, s, e)) {
      col.appendNull();
      return true;
    }
    try {
      col.appendMicros(Timestamps.parseMicros(ascii(b, s, e), zone));
      return true;
    } catch (DateTimeException | ArithmeticException ex) {
      reason =
          describe(b, s, e)
              + " is not an ISO-8601 timestamp (e.g. 2024-06-01T12:00:00Z) in the microsecond range;"
              + " fix the value or declare the column CATEGORICAL";
      return false;
    }
  }

  /** 1 for true, 0 for false (ASCII case-insensitive), -1 otherwise. */
  static int parseBoolean(byte[] b, int s, int e) {
    int n = e - s;
    if (n == 4
        && (b[s] | 0x20) == 't'
        && (b[s + 1] | 0x20) == 'r'
        && (b[s + 2] | 0x20) == 'u'
        && (b[s + 3] | 0x20) == 'e') {
      return 1;
    }
    if (n == 5
        && (b[s] | 0x20) == 'f'
        && (b[s + 1] | 0x20) == 'a'
        && (b[s + 2] | 0x20) == 'l'
        && (b[s + 3] | 0x20) == 's'
        && (b[s + 4] | 0x20) == 'e') {
      return 0;
    }
    return -1;
  }

  // ---------------------------------------------------------------- bytes

  /** Copies {@code b[s, e)} into scratch with doubled quotes made single; returns the length. */
  private int unescape(byte[] b, int s, int e) {
    if (scratch.length < e - s) {
      scratch = new byte[Math.max(scratch.length * 2, e - s)];
    }
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      scratch[n++] = c;
      if (c == QUOTE) {
        i++; // skip the second quote of the pair
      }
    }
    return n;
  }

  /** Decodes strict UTF-8; on failure returns null and leaves the explanation in reason. */
  private @Nullable String decode(byte[] b, int s, int e) {
    boolean ascii = true;
    for (int i = s; i < e; i++) {
      if (b[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }
    try {
      return decoder.decode(ByteBuffer.wrap(b, s, e - s)).toString();
    } catch (CharacterCodingException ex) {
      int at = firstInvalid(b, s, e);
      reason =
          "is not valid UTF-8 (byte 0x"
              + String.format("%02x", b[s + at] & 0xff)
              + " at offset "
              + at
              + " of the field)";
      return null;
    }
  }

  /** Returns the offset in the field of the first byte of the first malformed sequence. */
  private int firstInvalid(byte[] b, int s, int e) {
    ByteBuffer in = ByteBuffer.wrap(b, s, e - s);
    CharBuffer out = CharBuffer.allocate(e - s);
    decoder.reset();
    CoderResult r = decoder.decode(in, out, true);
    return r.isError() ? in.position() - s : 0;
  }

  private String describe(byte[] b, int s, int e) {
    String text = decode(b, s, e);
    if (text == null) {
      return "the value " + reason;
    }
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return "'" + text + "'";
  }

  private static String ascii(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }
}
