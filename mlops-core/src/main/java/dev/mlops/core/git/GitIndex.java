package dev.mlops.core.git;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads git's index file ({@code .git/index}, "dircache"), versions 2, 3 and 4.
 *
 * <pre>
 * header    "DIRC" | version (u32: 2, 3, 4) | entry count (u32)
 * entry     ctime s, ns | mtime s, ns | dev | ino | mode | uid | gid | size   (10 x u32)
 *           object id (20 bytes SHA-1, 32 bytes SHA-256)
 *           flags u16: assume-valid 0x8000 | extended 0x4000 | stage 0x3000 | name length 0x0fff
 *           v3+, if extended: u16: skip-worktree 0x4000 | intent-to-add 0x2000
 *           v2/v3: path, NUL, padded with NULs to a multiple of 8 bytes from the entry start
 *           v4:    varint (bytes to drop from the previous path) | suffix | NUL, no padding
 * extension signature (4 bytes) | size (u32) | data; 'A'..'Z' first = optional
 * trailer   hash of everything before it (all zeros when index.skipHash wrote it)
 * </pre>
 *
 * <p>Optional extensions (upper-case first letter: {@code TREE}, {@code REUC}, {@code UNTR}, {@code
 * FSMN}, {@code EOIE}, {@code IEOT} and any other) are skipped: they cache or record things but do
 * not change what the entries mean (git's index-format documentation). A required extension
 * (lower-case first letter: {@code link} for a split index, {@code sdir} for sparse directory
 * entries, any other) changes what the entries mean, so reading stops with a reason.
 */
final class GitIndex {
  static final int MODE_TYPE_MASK = 0170000;
  static final int MODE_REGULAR = 0100000;
  static final int MODE_SYMLINK = 0120000;
  static final int MODE_GITLINK = 0160000;
  static final int MODE_EXECUTABLE = 0100;

  private static final int HEADER = 12;
  private static final long MAX_INDEX_BYTES = 1L << 30;
  private static final int STAT_BYTES = 40;

  /** One index entry; {@code path} is the repository-relative path with '/' separators. */
  record Entry(
      byte[] pathBytes,
      String path,
      int mtimeSeconds,
      int mtimeNanos,
      int mode,
      int size,
      byte[] id,
      int stage,
      boolean assumeValid,
      boolean skipWorktree,
      boolean intentToAdd) {
    Entry withPath(String text) {
      return new Entry(
          pathBytes,
          text,
          mtimeSeconds,
          mtimeNanos,
          mode,
          size,
          id,
          stage,
          assumeValid,
          skipWorktree,
          intentToAdd);
    }
  }

  private GitIndex() {}

  /**
   * Reads an index file; a missing file is an index without entries (as git treats it).
   *
   * @throws Undecidable when the file is unreadable, corrupt, of an unknown version, uses a
   *     required extension, or names a path outside the work tree
   */
  static List<Entry> read(Path file, ObjectFormat format) throws Undecidable {
    byte[] data;
    try {
      if (Files.size(file) > MAX_INDEX_BYTES) {
        throw new Undecidable(
            "the git index " + file + " is larger than " + MAX_INDEX_BYTES + " bytes");
      }
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new Undecidable("the git index " + file + " could not be read: " + e);
    }
    return parse(data, format, file.toString());
  }

  static List<Entry> parse(byte[] data, ObjectFormat format, String origin) throws Undecidable {
    int hashLen = format.rawLength();
    if (data.length < HEADER + hashLen
        || data[0] != 'D'
        || data[1] != 'I'
        || data[2] != 'R'
        || data[3] != 'C') {
      throw new Undecidable("the git index " + origin + " has no DIRC header");
    }
    verifyChecksum(data, format, origin);
    ByteBuffer buf = ByteBuffer.wrap(data, 0, data.length - hashLen);
    buf.position(4);
    int version = buf.getInt();
    if (version < 2 || version > 4) {
      throw new Undecidable(
          "the git index " + origin + " has version " + version + " (this reader reads 2 to 4)");
    }
    long count = Integer.toUnsignedLong(buf.getInt());
    int minEntry = STAT_BYTES + hashLen + 2 + 1;
    if (count > (long) buf.remaining() / minEntry + 1) {
      throw new Undecidable(
          "the git index " + origin + " claims " + count + " entries, more than its size holds");
    }
    List<Entry> entries = new ArrayList<>((int) count);
    byte[] previous = new byte[0];
    try {
      for (long i = 0; i < count; i++) {
        Entry e = readEntry(buf, version, format, previous, origin);
        entries.add(e);
        previous = e.pathBytes();
      }
      readExtensions(buf, origin);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new Undecidable("the git index " + origin + " is truncated or malformed");
    }
    // Paths are checked only now: with a required extension (a split index) they may be empty.
    List<Entry> checked = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      checked.add(e.withPath(checkPath(e.pathBytes(), origin)));
    }
    return checked;
  }

  private static void verifyChecksum(byte[] data, ObjectFormat format, String origin)
      throws Undecidable {
    int hashLen = format.rawLength();
    int bodyLen = data.length - hashLen;
    byte[] trailer = Arrays.copyOfRange(data, bodyLen, data.length);
    boolean allZero = true;
    for (byte b : trailer) {
      allZero &= b == 0;
    }
    if (allZero) {
      return; // index.skipHash: git writes a null trailer and skips the check too
    }
    MessageDigest md = format.newDigest();
    md.update(data, 0, bodyLen);
    if (!MessageDigest.isEqual(md.digest(), trailer)) {
      throw new Undecidable(
          "the git index "
              + origin
              + " fails its checksum (corrupt or being rewritten); run 'git status' to see git's"
              + " view");
    }
  }

  private static Entry readEntry(
      ByteBuffer buf, int version, ObjectFormat format, byte[] previous, String origin)
      throws Undecidable {
    int start = buf.position();
    buf.getInt(); // ctime seconds
    buf.getInt(); // ctime nanoseconds
    int mtimeSeconds = buf.getInt();
    int mtimeNanos = buf.getInt();
    buf.getInt(); // dev
    buf.getInt(); // ino
    int mode = buf.getInt();
    buf.getInt(); // uid
    buf.getInt(); // gid
    int size = buf.getInt();
    byte[] id = new byte[format.rawLength()];
    buf.get(id);
    int flags = Short.toUnsignedInt(buf.getShort());
    boolean assumeValid = (flags & 0x8000) != 0;
    boolean extended = (flags & 0x4000) != 0;
    int stage = (flags >> 12) & 3;
    boolean skipWorktree = false;
    boolean intentToAdd = false;
    if (extended) {
      if (version < 3) {
        throw new Undecidable(
            "the git index " + origin + " is version 2 but has an entry with extended flags");
      }
      int ext = Short.toUnsignedInt(buf.getShort());
      skipWorktree = (ext & 0x4000) != 0;
      intentToAdd = (ext & 0x2000) != 0;
    }
    byte[] path;
    if (version == 4) {
      long strip = readOffsetVarint(buf);
      if (strip > previous.length) {
        throw new Undecidable("the git index " + origin + " has a bad compressed path");
      }
      byte[] suffix = readNulTerminated(buf);
      int keep = previous.length - (int) strip;
      path = Arrays.copyOf(previous, keep + suffix.length);
      System.arraycopy(suffix, 0, path, keep, suffix.length);
    } else {
      path = readNulTerminated(buf);
      // Entries are padded with 1 to 8 NULs (the terminator included) to a multiple of 8.
      int nameStart = buf.position() - path.length - 1;
      int entryLen = ((nameStart - start) + path.length + 8) & ~7;
      buf.position(start + entryLen);
    }
    return new Entry(
        path,
        "",
        mtimeSeconds,
        mtimeNanos,
        mode,
        size,
        id,
        stage,
        assumeValid,
        skipWorktree,
        intentToAdd);
  }

  /**
   * Decodes a path and refuses anything that could leave the work tree or reach into {@code .git}:
   * absolute paths, empty, {@code .} or {@code ..} components, {@code .git}, and on Windows
   * backslashes and drive colons.
   */
  static String checkPath(byte[] path, String origin) throws Undecidable {
    String text;
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(path));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      throw new Undecidable(
          "the git index " + origin + " has a path that is not UTF-8; this reader needs UTF-8");
    }
    boolean windows = java.io.File.separatorChar == '\\';
    if (text.isEmpty() || text.startsWith("/") || (windows && text.matches("(?s).*[\\\\:].*"))) {
      throw new Undecidable("index entry outside the work tree: '" + text + "'");
    }
    for (String part : text.split("/", -1)) {
      if (part.isEmpty()
          || part.equals(".")
          || part.equals("..")
          || part.toLowerCase(Locale.ROOT).equals(".git")) {
        throw new Undecidable("index entry outside the work tree: '" + text + "'");
      }
    }
    return text;
  }

  private static void readExtensions(ByteBuffer buf, String origin) throws Undecidable {
    while (buf.remaining() > 0) {
      if (buf.remaining() < 8) {
        throw new Undecidable("the git index " + origin + " is truncated or malformed");
      }
      byte[] sig = new byte[4];
      buf.get(sig);
      long size = Integer.toUnsignedLong(buf.getInt());
      String name = new String(sig, StandardCharsets.ISO_8859_1);
      if (sig[0] < 'A' || sig[0] > 'Z') {
        String meaning =
            switch (name) {
              case "link" -> " (split index: the entries live partly in a shared index file)";
              case "sdir" -> " (sparse index: some entries are whole directories)";
              default -> "";
            };
        throw new Undecidable(
            "the git index uses the required extension '"
                + name
                + "'"
                + meaning
                + ", which this reader does not interpret");
      }
      if (size > buf.remaining()) {
        throw new Undecidable("the git index " + origin + " is truncated or malformed");
      }
      buf.position(buf.position() + (int) size);
    }
  }

  private static byte[] readNulTerminated(ByteBuffer buf) {
    int from = buf.position();
    int end = from;
    byte[] array = buf.array();
    int limit = buf.limit();
    while (end < limit && array[end] != 0) {
      end++;
    }
    if (end >= limit) {
      throw new IndexOutOfBoundsException("unterminated path");
    }
    buf.position(end + 1);
    return Arrays.copyOfRange(array, from, end);
  }

  /** Git's offset varint (varint.c): 7 bits a byte, most significant first, +1 per continuation. */
  private static long readOffsetVarint(ByteBuffer buf) throws Undecidable {
    int c = Byte.toUnsignedInt(buf.get());
    long value = c & 0x7f;
    while ((c & 0x80) != 0) {
      if (value >= (1L << 48)) {
        throw new Undecidable("the git index has an oversized varint");
      }
      c = Byte.toUnsignedInt(buf.get());
      value = ((value + 1) << 7) | (c & 0x7f);
    }
    return value;
  }
}
