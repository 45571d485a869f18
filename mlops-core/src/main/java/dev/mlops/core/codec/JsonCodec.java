package dev.mlops.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.spi.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * JSON through Jackson for one class, with explicit types only (no default typing) and a
 * deterministic form: properties and map entries sorted, so equal values give equal bytes. Decoding
 * rejects unknown properties and trailing tokens. Thread-safe: the mapper is configured once and
 * never changed.
 */
final class JsonCodec<T> implements Codec<T> {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private final Class<T> type;

  JsonCodec(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public String id() {
    return "mlops.json";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String mediaType() {
    return "application/json";
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "value",
          -1,
          "a " + type.getName() + " cannot be written as JSON: " + e.getOriginalMessage(),
          e);
    }
    out.write(bytes);
  }

  @Override
  public T decode(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    try {
      return MAPPER.readValue(bytes, type);
    } catch (JsonProcessingException e) {
      CorruptArtifactException c =
          new CorruptArtifactException(
              "",
              "not JSON of " + type.getName(),
              "the stored bytes are not JSON of "
                  + type.getName()
                  + " (codec mlops.json): "
                  + e.getOriginalMessage());
      c.initCause(e);
      throw c;
    }
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof JsonCodec<?> c && c.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "Codecs.json(" + type.getName() + ")";
  }
}
