/**
 * Metadata stores: the implementations of {@link dev.mlops.spi.MetadataStore} that ship with mlops.
 *
 * <p>{@link dev.mlops.core.metadata.JdbcMetadataStore} keeps metadata in SQLite (the embedded
 * default, one file shared by threads and processes) or PostgreSQL (a shared store), with its
 * schema managed by Flyway migrations under {@code db/migration/}. The in-memory store serves tests
 * and short-lived jobs. Every store passes {@code dev.mlops.testkit.MetadataStoreCompatibilityKit}.
 */
@NullMarked
package dev.mlops.core.metadata;

import org.jspecify.annotations.NullMarked;
