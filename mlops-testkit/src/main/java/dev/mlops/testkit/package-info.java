/**
 * Compatibility kits and test helpers for SPI implementers: abstract JUnit 5 suites that a backend
 * author extends with one factory method (for example {@link
 * dev.mlops.testkit.BlobStoreCompatibilityKit}), ManualClock, and the small fakes and helpers their
 * tests need. Depends on {@code mlops-api}, JUnit 5 and AssertJ only.
 */
@NullMarked
package dev.mlops.testkit;

import org.jspecify.annotations.NullMarked;
