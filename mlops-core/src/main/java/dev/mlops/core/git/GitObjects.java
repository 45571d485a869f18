package dev.mlops.core.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads single objects from a git object store: loose objects ({@code objects/xx/yyyy}, zlib), pack
 * files through their {@code .idx} (versions 1 and 2), with {@code OFS_DELTA} and {@code REF_DELTA}
 * chains, and stores listed in {@code objects/info/alternates}. Only what is needed to learn the
 * tree of the HEAD commit; no caching, no multi-pack-index, no commit-graph.
 *
 * <pre>
 * pack object  type (bits 6-4 of byte 0) | size (bits 3-0, then 7 bits a byte, little-endian)
 *              OFS_DELTA: base offset (7 bits a byte, big-endian, +1 per continuation)
 *              REF_DELTA: base object id
 *              zlib data (for deltas: base size varint | result size varint | copy/insert ops)
 * idx v2       ff 't' 'O' 'c' | 2 | fanout[256] | ids | crc32s | offsets (u32, MSB: 64-bit table)
 * idx v1       fanout[256] | (offset u32, id) ...
 * </pre>
 */
final class GitObjects {
  static final int COMMIT = 1;
  static final int TREE = 2;
  static final int BLOB = 3;
  static final int TAG = 4;
  private static final int OFS_DELTA = 6;
  private static final int REF_DELTA = 7;

  private static final int MAX_OBJECT_BYTES = 64 << 20;
  private static final int MAX_DELTA_CHAIN = 10_000;
  private static final int MAX_ALTERNATE_DEPTH = 5;

  /** A whole object: its type code and content (without the "type size\0" header). */
  record RawObject(int type, byte[] content) {}

  private final List<Path> objectDirs;
  private final ObjectFormat format;

  private GitObjects(List<Path> objectDirs, ObjectFormat format) {
    this.objectDirs = objectDirs;
    this.format = format;
  }

  /** An object store rooted at {@code objectsDir} plus its alternates. */
  static GitObjects open(Path objectsDir, ObjectFormat format) {
    List<Path> dirs = new ArrayList<>();
    addWithAlternates(objectsDir, dirs, 0);
    return new GitObjects(dirs, format);
  }

  private static void addWithAlternates(Path dir, List<Path> dirs, int depth) {
    Path normal = dir.toAbsolutePath().normalize();
    if (dirs.contains(normal) || depth > MAX_ALTERNATE_DEPTH) {
      return;
    }
    dirs.add(normal);
    List<String> lines;
    try {
      lines = Files.readAllLines(normal.resolve("info").resolve("alternates"));
    } catch (IOException | RuntimeException e) {
      return; // no alternates (the usual case), or unreadable: objects there are simply not found
    }
    for (String line : lines) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#") || s.startsWith("\"")) {
        continue; // C-quoted alternates are not read
      }
      try {
        addWithAlternates(normal.resolve(s), dirs, depth + 1);
      } catch (InvalidPathException e) {
        // skip an alternate we cannot name
      }
    }
  }

  /**
   * The tree id of a commit.
   *
   * @throws Undecidable when the commit is missing, not a commit, or unreadable
   */
  String treeOfCommit(String commitHex) throws Undecidable {
    RawObject commit =
        read(ObjectFormat.unhex(commitHex))
            .orElseThrow(
                () ->
                    new Undecidable(
                        "HEAD commit "
                            + commitHex
                            + " is not in the object store (a store format this reader does not"
                            + " read?)"));
    if (commit.type() != COMMIT) {
      throw new Undecidable("HEAD names " + commitHex + ", which is not a commit");
    }
    byte[] c = commit.content();
    int len = 5 + format.hexLength();
    String head = new String(c, 0, Math.min(c.length, len + 1), StandardCharsets.US_ASCII);
    if (head.length() != len + 1
        || !head.startsWith("tree ")
        || head.charAt(len) != '\n'
        || !format.isHexId(head.substring(5, len))) {
      throw new Undecidable("HEAD commit " + commitHex + " does not start with a tree line");
    }
    return head.substring(5, len);
  }

  /**
   * Reads an object by raw id.
   *
   * @throws Undecidable when the store is corrupt or an object exceeds the size limit
   */
  Optional<RawObject> read(byte[] id) throws Undecidable {
    return read(id, 0);
  }

  private Optional<RawObject> read(byte[] id, int depth) throws Undecidable {
    if (depth > MAX_DELTA_CHAIN) {
      throw new Undecidable("a delta chain in the object store is longer than " + MAX_DELTA_CHAIN);
    }
    String hex = ObjectFormat.hex(id);
    try {
      for (Path dir : objectDirs) {
        Optional<RawObject> loose =
            readLoose(dir.resolve(hex.substring(0, 2)).resolve(hex.substring(2)));
        if (loose.isPresent()) {
          return loose;
        }
      }
      for (Path dir : objectDirs) {
        for (Path idx : packIndexes(dir)) {
          long offset = findInIndex(idx, id);
          if (offset >= 0) {
            String name = idx.getFileName().toString();
            Path pack = idx.resolveSibling(name.substring(0, name.length() - 4) + ".pack");
            return Optional.of(readPacked(pack, offset, depth));
          }
        }
      }
    } catch (IOException e) {
      throw new Undecidable("the object store could not be read: " + e);
    } catch (BufferUnderflowException e) {
      throw new Undecidable("a pack in the object store is truncated");
    }
    return Optional.empty();
  }

  private static List<Path> packIndexes(Path objectsDir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(objectsDir.resolve("pack"), "*.idx")) {
      for (Path p : ds) {
        out.add(p);
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  private Optional<RawObject> readLoose(Path file) throws IOException, Undecidable {
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try (InputStream in = new InflaterInputStream(raw)) {
      StringBuilder header = new StringBuilder();
      int b;
      while ((b = in.read()) > 0) {
        if (header.length() > 32) {
          throw new Undecidable("loose object " + file + " has a bad header");
        }
        header.append((char) b);
      }
      String[] parts = header.toString().split(" ");
      if (b != 0 || parts.length != 2) {
        throw new Undecidable("loose object " + file + " has a bad header");
      }
      int type =
          switch (parts[0]) {
            case "commit" -> COMMIT;
            case "tree" -> TREE;
            case "blob" -> BLOB;
            case "tag" -> TAG;
            default -> throw new Undecidable("loose object " + file + " has a bad type");
          };
      long size;
      try {
        size = Long.parseLong(parts[1]);
      } catch (NumberFormatException e) {
        throw new Undecidable("loose object " + file + " has a bad size");
      }
      checkSize(size);
      byte[] content = in.readNBytes((int) size);
      if (content.length != size) {
        throw new Undecidable("loose object " + file + " is truncated");
      }
      return Optional.of(new RawObject(type, content));
    } catch (java.util.zip.ZipException e) {
      throw new Undecidable("loose object " + file + " is not valid zlib data");
    }
  }

  /** The pack offset of an object, or -1 when this index does not list it. */
  private long findInIndex(Path idx, byte[] id) throws IOException, Undecidable {
    int hashLen = format.rawLength();
    try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.READ)) {
      ByteBuffer head = readFully(ch, 0, 8);
      boolean v2 = head.getInt(0) == 0xff744f63; // "\377tOc"
      int fanoutAt = v2 ? 8 : 0;
      if (v2 && head.getInt(4) != 2) {
        throw new Undecidable("pack index " + idx + " has version " + head.getInt(4));
      }
      int first = Byte.toUnsignedInt(id[0]);
      ByteBuffer fan = readFully(ch, fanoutAt + (first == 0 ? 0 : (first - 1) * 4L), 8);
      long lo = first == 0 ? 0 : Integer.toUnsignedLong(fan.getInt(0));
      long hi = Integer.toUnsignedLong(fan.getInt(first == 0 ? 0 : 4));
      long total = Integer.toUnsignedLong(readFully(ch, fanoutAt + 255 * 4L, 4).getInt(0));
      if (lo > hi || hi > total) {
        throw new Undecidable("pack index " + idx + " has a bad fan-out table");
      }
      long tableAt = fanoutAt + 1024L;
      int stride = v2 ? hashLen : hashLen + 4;
      int skip = v2 ? 0 : 4;
      if (tableAt + hi * stride > ch.size()) {
        throw new Undecidable("pack index " + idx + " is truncated");
      }
      ByteBuffer range = readFully(ch, tableAt + lo * stride, (int) ((hi - lo) * stride));
      long low = 0;
      long high = hi - lo - 1;
      byte[] probe = new byte[hashLen];
      while (low <= high) {
        long mid = (low + high) >>> 1;
        range.get((int) (mid * stride + skip), probe);
        int cmp = Arrays.compareUnsigned(probe, id);
        if (cmp < 0) {
          low = mid + 1;
        } else if (cmp > 0) {
          high = mid - 1;
        } else {
          long n = lo + mid;
          if (!v2) {
            return Integer.toUnsignedLong(range.getInt((int) (mid * stride)));
          }
          long offsetsAt = tableAt + total * hashLen + total * 4;
          int small = readFully(ch, offsetsAt + n * 4, 4).getInt(0);
          if (small >= 0) {
            return small;
          }
          long largeAt = offsetsAt + total * 4 + (small & 0x7fffffffL) * 8;
          return readFully(ch, largeAt, 8).getLong(0);
        }
      }
      return -1;
    }
  }

  private RawObject readPacked(Path pack, long offset, int depth) throws IOException, Undecidable {
    List<byte[]> deltas = new ArrayList<>();
    RawObject base;
    try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ)) {
      long at = offset;
      while (true) {
        if (deltas.size() + depth > MAX_DELTA_CHAIN) {
          throw new Undecidable("a delta chain in " + pack + " is longer than " + MAX_DELTA_CHAIN);
        }
        ByteBuffer h = readUpTo(ch, at, 16 + format.rawLength());
        int b = Byte.toUnsignedInt(h.get());
        int type = (b >> 4) & 7;
        long size = b & 15;
        int shift = 4;
        while ((b & 0x80) != 0) {
          b = Byte.toUnsignedInt(h.get());
          if (shift > 56) {
            throw new Undecidable("pack " + pack + " has a bad object header");
          }
          size |= (long) (b & 0x7f) << shift;
          shift += 7;
        }
        if (type >= COMMIT && type <= TAG) {
          base = new RawObject(type, inflate(ch, at + h.position(), size, pack));
          break;
        }
        if (type == OFS_DELTA) {
          b = Byte.toUnsignedInt(h.get());
          long back = b & 0x7f;
          while ((b & 0x80) != 0) {
            if (back > (1L << 48)) {
              throw new Undecidable("pack " + pack + " has a bad delta offset");
            }
            b = Byte.toUnsignedInt(h.get());
            back = ((back + 1) << 7) | (b & 0x7f);
          }
          deltas.add(inflate(ch, at + h.position(), size, pack));
          if (back <= 0 || back > at) {
            throw new Undecidable("pack " + pack + " has a bad delta offset");
          }
          at -= back;
        } else if (type == REF_DELTA) {
          byte[] baseId = new byte[format.rawLength()];
          h.get(baseId);
          deltas.add(inflate(ch, at + h.position(), size, pack));
          base =
              read(baseId, depth + deltas.size())
                  .orElseThrow(
                      () ->
                          new Undecidable(
                              "pack "
                                  + pack
                                  + " has a delta on missing "
                                  + ObjectFormat.hex(baseId)));
          break;
        } else {
          throw new Undecidable("pack " + pack + " has an object of unknown type " + type);
        }
      }
    }
    byte[] content = base.content();
    for (int i = deltas.size() - 1; i >= 0; i--) {
      content = applyDelta(content, deltas.get(i));
    }
    return new RawObject(base.type(), content);
  }

  /** Applies a git delta (base size, result size, then copy and insert instructions). */
  static byte[] applyDelta(byte[] base, byte[] delta) throws Undecidable {
    int[] pos = {0};
    long baseSize = deltaSize(delta, pos);
    long resultSize = deltaSize(delta, pos);
    if (baseSize != base.length) {
      throw new Undecidable("a delta does not fit its base object");
    }
    checkSize(resultSize);
    byte[] out = new byte[(int) resultSize];
    int o = 0;
    int p = pos[0];
    try {
      while (p < delta.length) {
        int cmd = Byte.toUnsignedInt(delta[p++]);
        if ((cmd & 0x80) != 0) {
          long off = 0;
          int len = 0;
          for (int i = 0; i < 4; i++) {
            if ((cmd & (1 << i)) != 0) {
              off |= (long) Byte.toUnsignedInt(delta[p++]) << (8 * i);
            }
          }
          for (int i = 0; i < 3; i++) {
            if ((cmd & (0x10 << i)) != 0) {
              len |= Byte.toUnsignedInt(delta[p++]) << (8 * i);
            }
          }
          if (len == 0) {
            len = 0x10000;
          }
          if (off + len > base.length || o + len > out.length) {
            throw new Undecidable("a delta copies outside its base object");
          }
          System.arraycopy(base, (int) off, out, o, len);
          o += len;
        } else if (cmd != 0) {
          if (p + cmd > delta.length || o + cmd > out.length) {
            throw new Undecidable("a delta inserts past its end");
          }
          System.arraycopy(delta, p, out, o, cmd);
          p += cmd;
          o += cmd;
        } else {
          throw new Undecidable("a delta has the reserved instruction 0");
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new Undecidable("a delta is truncated");
    }
    if (o != out.length) {
      throw new Undecidable("a delta produced " + o + " bytes instead of " + out.length);
    }
    return out;
  }

  private static long deltaSize(byte[] delta, int[] pos) throws Undecidable {
    long value = 0;
    int shift = 0;
    int b;
    do {
      if (pos[0] >= delta.length || shift > 56) {
        throw new Undecidable("a delta has a bad size header");
      }
      b = Byte.toUnsignedInt(delta[pos[0]++]);
      value |= (long) (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }

  private static void checkSize(long size) throws Undecidable {
    if (size < 0 || size > MAX_OBJECT_BYTES) {
      throw new Undecidable(
          "an object of " + size + " bytes exceeds this reader's limit of " + MAX_OBJECT_BYTES);
    }
  }

  private static byte[] inflate(FileChannel ch, long at, long size, Path pack)
      throws IOException, Undecidable {
    checkSize(size);
    byte[] out = new byte[(int) size + 1];
    int produced = 0;
    Inflater inf = new Inflater();
    try {
      ByteBuffer in = ByteBuffer.allocate(8192);
      long pos = at;
      while (!inf.finished()) {
        if (inf.needsInput()) {
          in.clear();
          int n = ch.read(in, pos);
          if (n <= 0) {
            throw new Undecidable("pack " + pack + " ends inside an object");
          }
          pos += n;
          inf.setInput(in.array(), 0, n);
        }
        int k = inf.inflate(out, produced, out.length - produced);
        produced += k;
        if (k == 0 && !inf.needsInput() && !inf.finished()) {
          throw new Undecidable("pack " + pack + " has an object larger than its header says");
        }
      }
    } catch (DataFormatException e) {
      throw new Undecidable("pack " + pack + " has corrupt zlib data at " + at);
    } finally {
      inf.end();
    }
    if (produced != size) {
      throw new Undecidable("pack " + pack + " has an object whose size does not match");
    }
    return Arrays.copyOf(out, produced);
  }

  private static ByteBuffer readFully(FileChannel ch, long at, int len)
      throws IOException, Undecidable {
    ByteBuffer buf = readUpTo(ch, at, len);
    if (buf.remaining() != len) {
      throw new Undecidable("a pack index is truncated");
    }
    return buf;
  }

  private static ByteBuffer readUpTo(FileChannel ch, long at, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(len);
    long pos = at;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      pos += n;
    }
    buf.flip();
    return buf;
  }

  static @Nullable String typeName(int type) {
    return switch (type) {
      case COMMIT -> "commit";
      case TREE -> "tree";
      case BLOB -> "blob";
      case TAG -> "tag";
      default -> null;
    };
  }
}
