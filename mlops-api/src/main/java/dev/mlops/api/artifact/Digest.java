package dev.mlops.api.artifact;

import dev.mlops.api.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A SHA-256 content digest, the address of a blob. Printed and parsed as {@code sha256:<64
 * lowercase hex digits>}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Digest d = Digest.parse("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
 * Digest same = Digest.of("hello".getBytes(StandardCharsets.UTF_8));
 * }</pre>
 *
 * @param hex the 64 lowercase hexadecimal digits of the SHA-256 hash
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Digest(String hex) {
  /** The algorithm, as {@link MessageDigest} names it. */
  public static final String ALGORITHM = "SHA-256";

  /** The prefix of the printed form. */
  public static final String PREFIX = "sha256:";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Validates the hex digits.
   *
   * @throws InvalidInputException if {@code hex} is not 64 lowercase hex digits
   */
  public Digest {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 64) {
      throw InvalidInputException.of(
          "digest",
          "a SHA-256 digest has 64 hex digits, but '"
              + abbreviate(hex)
              + "' has "
              + hex.length()
              + "; pass sha256:<64 lowercase hex digits>");
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw InvalidInputException.of(
            "digest",
            "digest '"
                + abbreviate(hex)
                + "' has a character that is not a lowercase hex digit at index "
                + i);
      }
    }
  }

  /**
   * Parses {@code sha256:<hex>} or bare {@code <hex>}.
   *
   * @param text the digest text
   * @return the digest
   * @throws InvalidInputException if the text is not a SHA-256 digest
   */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "text");
    return new Digest(text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text);
  }

  /**
   * Builds a digest from the 32 raw bytes of a SHA-256 hash.
   *
   * @param hash the hash bytes
   * @return the digest
   * @throws IllegalArgumentException if {@code hash} is not 32 bytes long
   */
  public static Digest fromBytes(byte[] hash) {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, but got " + hash.length);
    }
    char[] out = new char[64];
    for (int i = 0; i < 32; i++) {
      out[2 * i] = HEX[(hash[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[hash[i] & 0xf];
    }
    return new Digest(new String(out));
  }

  /**
   * Computes the digest of some bytes.
   *
   * @param bytes the bytes
   * @return their SHA-256 digest
   */
  public static Digest of(byte[] bytes) {
    return fromBytes(newMessageDigest().digest(bytes));
  }

  /**
   * Returns a new SHA-256 {@link MessageDigest}.
   *
   * @return a fresh message digest
   */
  public static MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /**
   * Returns the 32 raw bytes of the hash.
   *
   * @return a new array with the hash bytes
   */
  public byte[] toBytes() {
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
    }
    return out;
  }

  /**
   * Returns {@code sha256:<hex>}.
   *
   * @return the printed form
   */
  @Override
  public String toString() {
    return PREFIX + hex;
  }

  private static String abbreviate(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }
}
