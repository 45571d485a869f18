package dev.mlops.core.codec;

import dev.mlops.spi.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Raw bytes, written as they are. Stateless and thread-safe; the array is not copied. */
final class BytesCodec implements Codec<byte[]> {
  static final BytesCodec INSTANCE = new BytesCodec();

  private BytesCodec() {}

  @Override
  public String id() {
    return "mlops.bytes";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Class<byte[]> type() {
    return byte[].class;
  }

  @Override
  public String mediaType() {
    return "application/octet-stream";
  }

  @Override
  public void encode(byte[] value, OutputStream out) throws IOException {
    out.write(value);
  }

  @Override
  public byte[] decode(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  @Override
  public String toString() {
    return "Codecs.bytes()";
  }
}
