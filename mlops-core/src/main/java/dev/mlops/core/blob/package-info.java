/**
 * The bundled {@link dev.mlops.spi.BlobStore} backends: {@link
 * dev.mlops.core.blob.InMemoryBlobStore} for tests and short-lived jobs, and {@link
 * dev.mlops.core.blob.FileBlobStore}, the content-addressed directory that the embedded store and
 * shared filesystems use.
 *
 * <p>Both verify every blob against its digest while it is read, store identical bytes once, and
 * pass {@code dev.mlops.testkit.BlobStoreCompatibilityKit}.
 */
@NullMarked
package dev.mlops.core.blob;

import org.jspecify.annotations.NullMarked;
