package dev.mlops.core.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand. Thread-safe. */
final class TestClock implements InstantSource {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);

  @Override
  public Instant instant() {
    return now.get();
  }

  void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }
}
