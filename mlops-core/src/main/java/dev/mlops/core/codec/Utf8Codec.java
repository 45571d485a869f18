package dev.mlops.core.codec;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.spi.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as UTF-8, strictly: an unpaired surrogate is refused on encoding and malformed bytes on
 * decoding, so decode(encode(s)) equals s. Stateless and thread-safe.
 */
final class Utf8Codec implements Codec<String> {
  static final Utf8Codec INSTANCE = new Utf8Codec();

  private Utf8Codec() {}

  @Override
  public String id() {
    return "mlops.utf8";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Class<String> type() {
    return String.class;
  }

  @Override
  public String mediaType() {
    return "text/plain; charset=utf-8";
  }

  @Override
  public void encode(String value, OutputStream out) throws IOException {
    ByteBuffer bytes;
    try {
      bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(java.nio.CharBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(
          "value", -1, "the text contains an unpaired surrogate and cannot be written as UTF-8", e);
    }
    out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
  }

  @Override
  public String decode(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      CorruptArtifactException c =
          new CorruptArtifactException(
              "",
              "not UTF-8",
              "the stored bytes are not valid UTF-8 text (codec mlops.utf8); the artifact was not"
                  + " written by this codec");
      c.initCause(e);
      throw c;
    }
  }

  @Override
  public String toString() {
    return "Codecs.utf8()";
  }
}
