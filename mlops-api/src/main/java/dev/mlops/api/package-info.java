/**
 * The root of the mlops API: the exception hierarchy ({@link dev.mlops.api.MlopsException} and its
 * subclasses) and the name rules every API that takes a name, key or path applies ({@link
 * dev.mlops.api.Names}).
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api;

import org.jspecify.annotations.NullMarked;
