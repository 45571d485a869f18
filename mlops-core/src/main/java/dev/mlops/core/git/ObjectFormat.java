package dev.mlops.core.git;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash a repository names its objects with: SHA-1 (the default) or SHA-256. */
enum ObjectFormat {
  SHA1("SHA-1", 20),
  SHA256("SHA-256", 32);

  private static final HexFormat HEX = HexFormat.of();

  private final String algorithm;
  private final int rawLength;

  ObjectFormat(String algorithm, int rawLength) {
    this.algorithm = algorithm;
    this.rawLength = rawLength;
  }

  /** Length of an object id in bytes. */
  int rawLength() {
    return rawLength;
  }

  /** Length of an object id in hex digits. */
  int hexLength() {
    return rawLength * 2;
  }

  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1 and SHA-256 (MessageDigest Javadoc).
      throw new IllegalStateException("the JDK provides no " + algorithm, e);
    }
  }

  /** True when {@code text} is a full object id of this format in lower-case hex. */
  boolean isHexId(String text) {
    if (text.length() != hexLength()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The id git gives {@code content} stored as an object of {@code type} ("blob", "tree"). */
  byte[] objectId(String type, byte[] content) {
    MessageDigest md = newDigest();
    md.update((type + " " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
    md.update(content);
    return md.digest();
  }

  static String hex(byte[] raw) {
    return HEX.formatHex(raw);
  }

  static byte[] unhex(String hex) {
    return HEX.parseHex(hex);
  }
}
