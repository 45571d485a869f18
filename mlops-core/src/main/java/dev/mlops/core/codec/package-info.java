/**
 * Built-in {@link dev.mlops.spi.Codec}s for pipeline step outputs: raw bytes, UTF-8 text and JSON
 * through Jackson for a given class, exposed by {@link dev.mlops.core.codec.Codecs}.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package dev.mlops.core.codec;

import org.jspecify.annotations.NullMarked;
