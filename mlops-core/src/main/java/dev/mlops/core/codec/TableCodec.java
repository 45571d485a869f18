package dev.mlops.core.codec;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.spi.Codec;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The binary codec of {@link Table}: compact, deterministic (equal tables give equal bytes) and
 * versioned. Id {@value #ID}, version {@value #VERSION}, media type {@value #MEDIA_TYPE}.
 *
 * <p>Stateless and thread-safe; share {@link #instance()}.
 *
 * <pre>{@code
 * Codec<Table> codec = TableCodec.instance();
 * codec.encode(table, out);
 * Table back = codec.decode(in);   // equals table
 * }</pre>
 *
 * <p>Layout of version 1 (big-endian; {@code str} = int byte length + UTF-8 bytes):
 *
 * <pre>
 * magic      4 bytes  'M' 'L' 'T' 'B'
 * version    int      1
 * rows       int      row count, &gt;= 0
 * columns    int      column count, &gt;= 0
 * per column:
 *   name     str      not empty, unique
 *   type     byte     0 numeric, 1 categorical, 2 boolean, 3 timestamp
 *   numeric, boolean, timestamp:
 *     nulls  byte     0 = no null; 1 = a null bitmap follows
 *     bitmap long[ceil(rows/64)]  bit r of word r/64 set = row r is null (only when nulls = 1)
 *   numeric:   long[rows]  Double.doubleToLongBits (NaN canonical); a null row holds NaN
 *   boolean:   long[ceil(rows/64)]  bit r set = true; a null row holds false
 *   timestamp: long[rows]  epoch microseconds (UTC); a null row holds 0
 *   categorical:
 *     size   int      dictionary size: the categories that occur, in order of first occurrence
 *     dict   str[size]
 *     codes  int[rows]  index into dict, -1 = null
 * crc        int      CRC-32 of every byte before it
 * </pre>
 *
 * <p>Decoding reads exactly the encoded value and its checksum. Bytes that are not a table of this
 * format (wrong magic, a newer version, a truncated stream, an invalid length, code or name, a
 * checksum mismatch) throw {@link CorruptArtifactException}; arrays grow as data actually arrives,
 * so a garbage length cannot make the decoder allocate more than the input justifies.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TableCodec implements Codec<Table> {
  /** The codec id. */
  public static final String ID = "mlops.table";

  /** The current format version. */
  public static final int VERSION = 1;

  /** The media type of the encoded bytes. */
  public static final String MEDIA_TYPE = "application/vnd.mlops.table";

  private static final byte[] MAGIC = {'M', 'L', 'T', 'B'};
  private static final byte NUMERIC = 0;
  private static final byte CATEGORICAL = 1;
  private static final byte BOOLEAN = 2;
  private static final byte TIMESTAMP = 3;
  private static final int CHUNK = 1 << 16;
  private static final TableCodec INSTANCE = new TableCodec();

  private TableCodec() {}

  /**
   * Returns the codec.
   *
   * @return the shared instance
   */
  public static TableCodec instance() {
    return INSTANCE;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int version() {
    return VERSION;
  }

  @Override
  public Class<Table> type() {
    return Table.class;
  }

  @Override
  public String mediaType() {
    return MEDIA_TYPE;
  }

  @Override
  public void encode(Table value, OutputStream out) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream data =
        new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(out, CHUNK), crc));
    int rows = value.rowCount();
    data.write(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(rows);
    data.writeInt(value.columnCount());
    for (Column column : value.columns()) {
      writeString(data, column.name());
      if (column instanceof NumericColumn n) {
        data.writeByte(NUMERIC);
        writeNulls(data, n);
        for (int r = 0; r < rows; r++) {
          data.writeLong(Double.doubleToLongBits(n.isNull(r) ? Double.NaN : n.value(r)));
        }
      } else if (column instanceof CategoricalColumn c) {
        data.writeByte(CATEGORICAL);
        writeCategorical(data, c);
      } else if (column instanceof BooleanColumn b) {
        data.writeByte(BOOLEAN);
        writeNulls(data, b);
        long[] bits = new long[words(rows)];
        for (int r = 0; r < rows; r++) {
          if (!b.isNull(r) && b.value(r)) {
            bits[r >>> 6] |= 1L << r;
          }
        }
        for (long w : bits) {
          data.writeLong(w);
        }
      } else if (column instanceof TimestampColumn t) {
        data.writeByte(TIMESTAMP);
        writeNulls(data, t);
        for (int r = 0; r < rows; r++) {
          data.writeLong(t.isNull(r) ? 0L : t.micros(r));
        }
      }
    }
    data.flush();
    DataOutputStream tail = new DataOutputStream(out);
    tail.writeInt((int) crc.getValue());
    tail.flush();
  }

  private static int words(int rows) {
    return (rows + 63) >>> 6;
  }

  private static void writeNulls(DataOutputStream data, Column column) throws IOException {
    if (column.nullCount() == 0) {
      data.writeByte(0);
      return;
    }
    data.writeByte(1);
    long[] bits = new long[words(column.size())];
    for (int r = 0; r < column.size(); r++) {
      if (column.isNull(r)) {
        bits[r >>> 6] |= 1L << r;
      }
    }
    for (long w : bits) {
      data.writeLong(w);
    }
  }

  private static void writeCategorical(DataOutputStream data, CategoricalColumn c)
      throws IOException {
    int[] remap = new int[c.dictionarySize()];
    Arrays.fill(remap, -1);
    List<String> used = new ArrayList<>();
    int[] codes = new int[c.size()];
    for (int r = 0; r < c.size(); r++) {
      int code = c.code(r);
      if (code == CategoricalColumn.NULL_CODE) {
        codes[r] = -1;
        continue;
      }
      if (remap[code] < 0) {
        remap[code] = used.size();
        used.add(c.categoryOf(code));
      }
      codes[r] = remap[code];
    }
    data.writeInt(used.size());
    for (String s : used) {
      writeString(data, s);
    }
    for (int code : codes) {
      data.writeInt(code);
    }
  }

  private static void writeString(DataOutputStream data, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    data.writeInt(b.length);
    data.write(b);
  }

  @Override
  public Table decode(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    DataInputStream data = new DataInputStream(new CheckedInputStream(in, crc));
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw corrupt("it does not start with the table magic 'MLTB'", null);
      }
      int version = data.readInt();
      if (version > VERSION) {
        throw corrupt(
            "table format version "
                + version
                + " is newer than this library (supports <= "
                + VERSION
                + "); upgrade mlops",
            null);
      }
      if (version < 1) {
        throw corrupt("format version " + version + " does not exist", null);
      }
      int rows = nonNegative(data.readInt(), "row count");
      int columnCount = nonNegative(data.readInt(), "column count");
      List<Column> columns = new ArrayList<>();
      for (int i = 0; i < columnCount; i++) {
        columns.add(readColumn(data, rows));
      }
      int expected = (int) crc.getValue();
      int stored = new DataInputStream(in).readInt();
      if (stored != expected) {
        throw corrupt("its CRC-32 does not match its content", null);
      }
      try {
        Table t = Table.of(columns);
        if (t.rowCount() != rows) {
          throw corrupt("row count mismatch", null);
        }
        return t;
      } catch (IllegalArgumentException e) {
        throw corrupt(e.getMessage(), e);
      }
    } catch (EOFException e) {
      throw corrupt("it ends early (truncated)", e);
    }
  }

  private static Column readColumn(DataInputStream data, int rows) throws IOException {
    String name = readString(data, "column name");
    if (name.isEmpty()) {
      throw corrupt("a column name is empty", null);
    }
    byte type = data.readByte();
    switch (type) {
      case NUMERIC -> {
        long[] nulls = readNulls(data, rows);
        NumericColumn.Builder b = NumericColumn.builder(name, Math.min(rows, CHUNK));
        for (int r = 0; r < rows; r++) {
          double v = Double.longBitsToDouble(data.readLong());
          if (isSet(nulls, r)) {
            b.appendNull();
          } else {
            b.append(v);
          }
        }
        return b.build();
      }
      case CATEGORICAL -> {
        int size = nonNegative(data.readInt(), "dictionary size");
        CategoricalColumn.Builder b = CategoricalColumn.builder(name);
        for (int i = 0; i < size; i++) {
          if (b.addCategory(readString(data, "category")) != i) {
            throw corrupt("the dictionary of column '" + name + "' repeats a category", null);
          }
        }
        for (int r = 0; r < rows; r++) {
          int code = data.readInt();
          if (code < -1 || code >= size) {
            throw corrupt(
                "column '" + name + "' holds code " + code + " outside its dictionary", null);
          }
          b.appendCode(code);
        }
        return b.build();
      }
      case BOOLEAN -> {
        long[] nulls = readNulls(data, rows);
        long[] bits = readLongs(data, words(rows));
        BooleanColumn.Builder b = BooleanColumn.builder(name);
        for (int r = 0; r < rows; r++) {
          if (isSet(nulls, r)) {
            b.appendNull();
          } else {
            b.append(isSet(bits, r));
          }
        }
        return b.build();
      }
      case TIMESTAMP -> {
        long[] nulls = readNulls(data, rows);
        TimestampColumn.Builder b = TimestampColumn.builder(name);
        for (int r = 0; r < rows; r++) {
          long v = data.readLong();
          if (isSet(nulls, r)) {
            b.appendNull();
          } else {
            b.appendMicros(v);
          }
        }
        return b.build();
      }
      default -> throw corrupt("column '" + name + "' has unknown type " + type, null);
    }
  }

  private static boolean isSet(long[] bits, int r) {
    return bits.length > 0 && (bits[r >>> 6] & (1L << r)) != 0;
  }

  private static long[] readNulls(DataInputStream data, int rows) throws IOException {
    byte flag = data.readByte();
    if (flag == 0) {
      return new long[0];
    }
    if (flag != 1) {
      throw corrupt("a null-bitmap flag is " + flag + ", not 0 or 1", null);
    }
    return readLongs(data, words(rows));
  }

  /** Reads n longs, growing the array as data arrives (a garbage n cannot exhaust memory). */
  private static long[] readLongs(DataInputStream data, int n) throws IOException {
    long[] out = new long[Math.min(n, CHUNK)];
    for (int i = 0; i < n; i++) {
      if (i == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(n, out.length * 2L));
      }
      out[i] = data.readLong();
    }
    return out;
  }

  private static String readString(DataInputStream data, String what) throws IOException {
    int len = nonNegative(data.readInt(), what + " length");
    byte[] b = data.readNBytes(len);
    if (b.length != len) {
      throw new EOFException();
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw corrupt("a " + what + " is not valid UTF-8", e);
    }
  }

  private static int nonNegative(int v, String what) {
    if (v < 0) {
      throw corrupt("its " + what + " is negative (" + v + ")", null);
    }
    return v;
  }

  private static CorruptArtifactException corrupt(String why, @Nullable Throwable cause) {
    CorruptArtifactException e =
        new CorruptArtifactException(
            "",
            "not a table",
            "the stored bytes are not a table of codec "
                + ID
                + " version "
                + VERSION
                + ": "
                + why
                + "; the artifact was not written by this codec or is damaged");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  @Override
  public String toString() {
    return "TableCodec[" + ID + " v" + VERSION + "]";
  }
}
