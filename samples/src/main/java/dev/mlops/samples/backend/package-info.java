/**
 * Sample: a custom storage backend. {@link dev.mlops.samples.backend.DirectoryBlobStore} is a
 * content-addressed blob store in one flat directory, {@link
 * dev.mlops.samples.backend.DirectoryBlobStorageProvider} registers it for the URI scheme {@code
 * sampleblob} through {@code META-INF/services}, and {@link
 * dev.mlops.samples.backend.BackendSample} opens an {@code Mlops} on it. Its test extends the blob
 * store compatibility kit of {@code mlops-testkit}, as every backend's does.
 */
@NullMarked
package dev.mlops.samples.backend;

import org.jspecify.annotations.NullMarked;
