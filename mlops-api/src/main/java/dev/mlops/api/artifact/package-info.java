/**
 * Artifacts: versioned, content-addressed things (datasets, models, profiles, reports) identified
 * by name and version, and the SHA-256 {@link dev.mlops.api.artifact.Digest} of their bytes.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.artifact;

import org.jspecify.annotations.NullMarked;
