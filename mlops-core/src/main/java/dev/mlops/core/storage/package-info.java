/**
 * Storage backends found by URI scheme: {@link dev.mlops.core.storage.StorageProviders} discovers
 * {@link dev.mlops.spi.StorageProvider}s through {@link java.util.ServiceLoader}, and the built-in
 * providers open the bundled backends: {@code mem:} (in memory), {@code file:} (the embedded
 * default: SQLite metadata and a blob directory), {@code sqlite:} (metadata only) and {@code
 * postgresql:} / {@code jdbc:postgresql:} (metadata only).
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.core.storage;

import org.jspecify.annotations.NullMarked;
