/**
 * Metadata stores: the in-memory store and the JDBC store for SQLite and PostgreSQL (embedded
 * default and shared backend).
 */
@NullMarked
package dev.mlops.core.metadata;

import org.jspecify.annotations.NullMarked;
