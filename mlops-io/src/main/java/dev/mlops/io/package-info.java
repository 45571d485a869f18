/**
 * Readers and writers that turn CSV and JSON-lines files into {@code Table}s and back. Arrives with
 * the Table (the pipeline issue); until then this module holds no types.
 */
@NullMarked
package dev.mlops.io;

import org.jspecify.annotations.NullMarked;
