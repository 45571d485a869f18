package dev.mlops.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.Durability;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryBlobStore")
class InMemoryBlobStoreTest {

  @Nested
  @DisplayName("verification on read")
  class Verification {
    @Test
    @DisplayName("bytes damaged in memory are detected at the end of the read")
    void damagedBytes() throws IOException {
      ConcurrentMap<Digest, byte[]> map = new ConcurrentHashMap<>();
      InMemoryBlobStore store = new InMemoryBlobStore(map);
      byte[] bytes = FileBlobStoreTest.randomBytes(100_000, 5);
      Digest d = store.put(new ByteArrayInputStream(bytes));
      map.get(d)[99_999] ^= 1;
      bytes[99_999] ^= 1;
      String actual = Digest.fromBytes(FileBlobStoreTest.sha256(bytes)).toString();

      try (InputStream in = store.open(d)) {
        assertThatThrownBy(in::readAllBytes)
            .isInstanceOfSatisfying(
                CorruptArtifactException.class,
                e -> {
                  assertThat(e.digestExpected()).isEqualTo(d.toString());
                  assertThat(e.digestActual()).isEqualTo(actual);
                });
      }
    }
  }

  @Nested
  @DisplayName("lifecycle")
  class Lifecycle {
    @Test
    @DisplayName("closing drops the blobs and claims no durability")
    void closeDropsBlobs() {
      ConcurrentMap<Digest, byte[]> map = new ConcurrentHashMap<>();
      InMemoryBlobStore store = new InMemoryBlobStore(map);
      store.put(FileBlobStoreTest.stream("hello"));

      store.close();
      store.close();

      assertThat(map).isEmpty();
      assertThat(store.durability()).isEqualTo(Durability.NONE);
      assertThatThrownBy(() -> store.put(FileBlobStoreTest.stream("hello")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
