/**
 * Compatibility kits and test helpers for SPI implementers: abstract JUnit 5 suites, ManualClock,
 * fakes.
 */
@NullMarked
package dev.mlops.testkit;

import org.jspecify.annotations.NullMarked;
