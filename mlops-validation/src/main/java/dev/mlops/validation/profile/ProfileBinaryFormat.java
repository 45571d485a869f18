package dev.mlops.validation.profile;

import dev.mlops.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The compact binary format of a {@link Profile}, format id {@code MLPF}, version 1.
 *
 * <p>Stateless and thread-safe. Layout (big-endian): the magic {@code "MLPF"}, a u16 version, a u32
 * body length, the body, and a CRC-32 of the body. The body holds the options, the row count and
 * per column a type tag, the name, its exact counters and its sketches; each sketch is framed as an
 * encoding tag, a length and the sketch image, so a later version can change the sketch library or
 * its encoding under a new tag while this one stays readable. Version 1 files are read by every
 * later version.
 *
 * <pre>{@code
 * byte[] bytes = ProfileBinaryFormat.encode(profile);
 * Profile back = ProfileBinaryFormat.decode(bytes);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProfileBinaryFormat {

  /** The format id, the first four bytes. */
  public static final String FORMAT_ID = "MLPF";

  /** The version this class writes. */
  public static final int VERSION = 1;

  static final int NUMERIC = 1;
  static final int CATEGORICAL = 2;
  static final int BOOLEAN = 3;
  static final int TIMESTAMP = 4;

  private static final int MAX_COLUMNS = 1 << 20;

  private ProfileBinaryFormat() {}

  /**
   * Encodes a profile.
   *
   * @param profile the profile
   * @return the bytes
   * @throws NullPointerException if {@code profile} is null
   */
  public static byte[] encode(Profile profile) {
    Objects.requireNonNull(profile, "profile");
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(body);
      ProfileOptions o = profile.options();
      out.writeInt(o.kllK());
      out.writeInt(o.hllLgK());
      out.writeInt(o.frequentItemsMapSize());
      out.writeBoolean(o.histogram());
      out.writeInt(o.histogramBins());
      out.writeBoolean(o.exactFrequencies());
      out.writeInt(o.exactFrequencyCap());
      out.writeInt(o.chunkRows());
      out.writeLong(profile.rows());
      out.writeInt(profile.columns().size());
      for (ColumnProfile c : profile.columns()) {
        writeColumn(out, c);
      }
      out.flush();
      byte[] b = body.toByteArray();
      CRC32 crc = new CRC32();
      crc.update(b);
      ByteBuffer all = ByteBuffer.allocate(4 + 2 + 4 + b.length + 4);
      all.put(FORMAT_ID.getBytes(StandardCharsets.US_ASCII));
      all.putShort((short) VERSION);
      all.putInt(b.length);
      all.put(b);
      all.putInt((int) crc.getValue());
      return all.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeColumn(DataOutputStream out, ColumnProfile c) throws IOException {
    if (c instanceof NumericColumnProfile n) {
      out.writeByte(NUMERIC);
      writeString(out, n.name());
      out.writeLong(n.rowCount());
      out.writeLong(n.nullCount());
      out.writeLong(n.nanCount());
      Moments m = n.moments();
      out.writeLong(m.n());
      out.writeDouble(m.mean());
      out.writeDouble(m.m2());
      out.writeDouble(n.count() == 0 ? Double.POSITIVE_INFINITY : n.min());
      out.writeDouble(n.count() == 0 ? Double.NEGATIVE_INFINITY : n.max());
      writeSketch(out, SketchEncoding.KLL_DOUBLES, n.quantileSketch().image());
      writeSketch(out, SketchEncoding.HLL, n.distinctSketch().image());
    } else if (c instanceof CategoricalColumnProfile k) {
      out.writeByte(CATEGORICAL);
      writeString(out, k.name());
      out.writeLong(k.rowCount());
      out.writeLong(k.nullCount());
      out.writeLong(k.count());
      writeSketch(out, SketchEncoding.HLL, k.distinctSketch().image());
      writeSketch(out, SketchEncoding.FREQUENT_STRINGS, k.frequentItems().image());
      out.writeBoolean(k.frequenciesCapped());
      Map<String, Long> f = k.frequencies().orElse(null);
      out.writeBoolean(f != null);
      if (f != null) {
        out.writeInt(f.size());
        for (Map.Entry<String, Long> e : f.entrySet()) {
          writeString(out, e.getKey());
          out.writeLong(e.getValue());
        }
      }
    } else if (c instanceof BooleanColumnProfile b) {
      out.writeByte(BOOLEAN);
      writeString(out, b.name());
      out.writeLong(b.rowCount());
      out.writeLong(b.nullCount());
      out.writeLong(b.trueCount());
      out.writeLong(b.falseCount());
    } else {
      TimestampColumnProfile t = (TimestampColumnProfile) c;
      out.writeByte(TIMESTAMP);
      writeString(out, t.name());
      out.writeLong(t.rowCount());
      out.writeLong(t.nullCount());
      out.writeLong(t.minMicros());
      out.writeLong(t.maxMicros());
      writeSketch(out, SketchEncoding.HLL, t.distinctSketch().image());
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void writeSketch(DataOutputStream out, SketchEncoding e, byte[] image)
      throws IOException {
    out.writeByte(e.tag);
    out.writeInt(image.length);
    out.write(image);
  }

  /**
   * Decodes a profile.
   *
   * @param bytes the bytes of {@link #encode(Profile)}, of this or an earlier version
   * @return the profile
   * @throws InvalidInputException if the bytes are not a valid profile (wrong format id, unknown
   *     version, bad checksum, truncated or inconsistent content)
   * @throws NullPointerException if {@code bytes} is null
   */
  public static Profile decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length < 14) {
      throw invalid("only " + bytes.length + " bytes", null);
    }
    byte[] magic = new byte[4];
    in.get(magic);
    if (!FORMAT_ID.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
      throw invalid("the bytes do not start with the format id " + FORMAT_ID, null);
    }
    int version = in.getShort() & 0xffff;
    if (version != VERSION) {
      throw invalid(
          "version " + version + " is not known to this release (it reads " + VERSION + ")", null);
    }
    int length = in.getInt();
    if (length < 0 || length != bytes.length - 14) {
      throw invalid(
          "body length " + length + " does not match the " + bytes.length + " bytes", null);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 10, length);
    int stored = ByteBuffer.wrap(bytes, 10 + length, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw invalid("checksum mismatch: the bytes are corrupt", null);
    }
    return decodeBody(ByteBuffer.wrap(bytes, 10, length).slice());
  }

  /** Decodes a body whose checksum has been verified (also used by the fuzz tests). */
  static Profile decodeBody(ByteBuffer in) {
    try {
      ProfileOptions o =
          new ProfileOptions(
              in.getInt(),
              in.getInt(),
              in.getInt(),
              readBoolean(in),
              in.getInt(),
              readBoolean(in),
              in.getInt(),
              in.getInt());
      long rows = in.getLong();
      int n = in.getInt();
      if (n < 0 || n > MAX_COLUMNS) {
        throw invalid("column count " + n, null);
      }
      List<ColumnProfile> cs = new ArrayList<>(Math.min(n, 1024));
      for (int i = 0; i < n; i++) {
        cs.add(readColumn(in, o));
      }
      if (in.hasRemaining()) {
        throw invalid(in.remaining() + " bytes after the last column", null);
      }
      return new Profile(rows, o, cs);
    } catch (InvalidInputException e) {
      throw e;
    } catch (BufferUnderflowException e) {
      throw invalid("truncated", e);
    } catch (RuntimeException e) {
      throw invalid(String.valueOf(e.getMessage()), e);
    }
  }

  private static ColumnProfile readColumn(ByteBuffer in, ProfileOptions o) {
    int tag = in.get();
    String name = readString(in);
    long rows = in.getLong();
    long nulls = in.getLong();
    switch (tag) {
      case NUMERIC:
        {
          long nan = in.getLong();
          Moments m = new Moments(in.getLong(), in.getDouble(), in.getDouble());
          double min = in.getDouble();
          double max = in.getDouble();
          QuantileSketch q =
              QuantileSketch.fromImage(readSketch(in, SketchEncoding.KLL_DOUBLES), o.kllK());
          DistinctSketch d =
              DistinctSketch.fromImage(readSketch(in, SketchEncoding.HLL), o.hllLgK());
          return new NumericColumnProfile(name, rows, nulls, nan, m, min, max, q, d);
        }
      case CATEGORICAL:
        {
          long count = in.getLong();
          DistinctSketch d =
              DistinctSketch.fromImage(readSketch(in, SketchEncoding.HLL), o.hllLgK());
          FrequentItems f =
              FrequentItems.fromImage(
                  readSketch(in, SketchEncoding.FREQUENT_STRINGS), o.frequentItemsMapSize());
          boolean capped = readBoolean(in);
          Map<String, Long> freq = null;
          if (readBoolean(in)) {
            int k = in.getInt();
            if (k < 0 || k > in.remaining() / 12) {
              throw invalid("column '" + name + "': " + k + " categories", null);
            }
            freq = new TreeMap<>(CodePoints::compare);
            for (int i = 0; i < k; i++) {
              String s = readString(in);
              if (freq.put(s, in.getLong()) != null) {
                throw invalid("column '" + name + "': category '" + s + "' twice", null);
              }
            }
          }
          return new CategoricalColumnProfile(name, rows, nulls, count, d, f, freq, capped);
        }
      case BOOLEAN:
        return new BooleanColumnProfile(name, rows, nulls, in.getLong(), in.getLong());
      case TIMESTAMP:
        {
          long min = in.getLong();
          long max = in.getLong();
          DistinctSketch d =
              DistinctSketch.fromImage(readSketch(in, SketchEncoding.HLL), o.hllLgK());
          return new TimestampColumnProfile(name, rows, nulls, min, max, d);
        }
      default:
        throw invalid("column '" + name + "' has unknown type tag " + tag, null);
    }
  }

  private static boolean readBoolean(ByteBuffer in) {
    byte b = in.get();
    if (b != 0 && b != 1) {
      throw invalid("boolean byte " + b, null);
    }
    return b == 1;
  }

  private static String readString(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw invalid("string length " + len + " with " + in.remaining() + " bytes left", null);
    }
    byte[] b = new byte[len];
    in.get(b);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("a name is not UTF-8", e);
    }
  }

  private static byte[] readSketch(ByteBuffer in, SketchEncoding expected) {
    int tag = in.get();
    if (tag != expected.tag) {
      throw invalid(
          "sketch encoding " + tag + " where " + expected.jsonName + " was expected", null);
    }
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) {
      throw invalid("sketch length " + len + " with " + in.remaining() + " bytes left", null);
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }

  static InvalidInputException invalid(String what, @Nullable Throwable cause) {
    return new InvalidInputException(
        "profile",
        -1,
        "not a valid "
            + FORMAT_ID
            + " profile: "
            + what
            + "; re-create the profile from its table or restore the file from a copy",
        cause);
  }
}
