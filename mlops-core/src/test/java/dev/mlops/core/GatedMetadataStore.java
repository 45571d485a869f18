package dev.mlops.core;

import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.TransactionWork;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A metadata store that can hold write transactions at a gate, so a test decides when a background
 * writer makes progress. Thread-safe.
 */
final class GatedMetadataStore implements MetadataStore {
  private final MetadataStore delegate;
  private final AtomicReference<@Nullable Gate> gate = new AtomicReference<>();

  /** Writers arriving while the gate is closed count down {@code entered} and wait for open. */
  record Gate(CountDownLatch entered, CountDownLatch open) {}

  GatedMetadataStore(MetadataStore delegate) {
    this.delegate = delegate;
  }

  Gate hold() {
    Gate g = new Gate(new CountDownLatch(1), new CountDownLatch(1));
    gate.set(g);
    return g;
  }

  void release() {
    Gate g = gate.getAndSet(null);
    if (g != null) {
      g.open().countDown();
    }
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    Gate g = gate.get();
    if (g != null) {
      g.entered().countDown();
      try {
        g.open().await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return delegate.inTransaction(work);
  }

  @Override
  public <T> T read(TransactionWork<T> work) {
    return delegate.read(work);
  }

  @Override
  public Durability durability() {
    return delegate.durability();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
