package dev.mlops.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A manual clock for tests (testkit's ManualClock is out of reach: reactor cycle). */
final class TestClock implements InstantSource {
  private final AtomicLong millis;

  TestClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  void advanceMillis(long ms) {
    millis.addAndGet(ms);
  }

  void set(long ms) {
    millis.set(ms);
  }
}
