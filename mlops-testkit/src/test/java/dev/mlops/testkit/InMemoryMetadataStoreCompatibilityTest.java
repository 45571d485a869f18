package dev.mlops.testkit;

import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.spi.MetadataStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryMetadataStore passes the MetadataStore compatibility kit")
class InMemoryMetadataStoreCompatibilityTest extends MetadataStoreCompatibilityKit {
  @Override
  protected MetadataStore newStore() {
    return InMemoryMetadataStore.create();
  }
}
