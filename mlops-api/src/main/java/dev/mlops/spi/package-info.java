/**
 * The service provider interface: storage backends ({@link dev.mlops.spi.BlobStore}, {@link
 * dev.mlops.spi.MetadataStore}) found by URI scheme through {@link dev.mlops.spi.StorageProvider}.
 * Implementers prove their backend with the compatibility kits of {@code mlops-testkit}.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.spi;

import org.jspecify.annotations.NullMarked;
