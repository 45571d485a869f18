/**
 * JMH benchmarks of mlops. Not API: code in this package is not part of the public API. Each
 * benchmark's Javadoc carries the command that runs it from {@code
 * benchmarks/target/benchmarks.jar}.
 */
@NullMarked
package dev.mlops.benchmarks;

import org.jspecify.annotations.NullMarked;
