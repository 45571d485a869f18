/**
 * The entry point of the runtime: {@link dev.mlops.core.Mlops} opens the stores (the embedded
 * default directory, in memory, or any backend by URI) and hands out the facades, starting with the
 * {@link dev.mlops.api.artifact.ArtifactRepository}; {@link dev.mlops.core.Fsck} checks a pair of
 * stores for corrupt, missing and unreferenced blobs.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.core;

import org.jspecify.annotations.NullMarked;
