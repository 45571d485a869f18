package dev.mlops.core;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.Digest;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What {@link Fsck} found: how many blobs it re-hashed, which are corrupt (and which live artifact
 * versions name them), which live versions name a missing blob, which blobs no live version names,
 * and how many stale temporary files it removed.
 *
 * <p>Immutable and thread-safe. A report is clean when no blob is corrupt and none is missing;
 * unreferenced blobs and removed temporary files are housekeeping, not damage.
 *
 * <pre>{@code
 * FsckReport report = mlops.fsck();
 * if (!report.isClean()) {
 *   report.corruptBlobs().forEach(c -> log.error("{} used by {}", c.digest(), c.liveArtifactVersions()));
 * }
 * }</pre>
 *
 * @param blobsChecked how many blobs were read to the end and verified
 * @param corruptBlobs blobs whose bytes do not hash to their digest, by digest
 * @param missingBlobs live artifact versions whose blob is missing, by name then version
 * @param unreferencedBlobs blobs that no live artifact version names, by digest; harmless (a put
 *     whose metadata write failed, or the bytes of deleted versions) and safe to delete
 * @param staleTempFilesRemoved how many temporary files older than {@link Fsck#STALE_TEMP_FILE_AGE}
 *     (left by killed writers) were removed
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record FsckReport(
    long blobsChecked,
    List<CorruptBlob> corruptBlobs,
    List<MissingBlob> missingBlobs,
    List<Digest> unreferencedBlobs,
    int staleTempFilesRemoved) {

  /**
   * Copies the lists and checks the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public FsckReport {
    if (blobsChecked < 0 || staleTempFilesRemoved < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    corruptBlobs = List.copyOf(corruptBlobs);
    missingBlobs = List.copyOf(missingBlobs);
    unreferencedBlobs = List.copyOf(unreferencedBlobs);
  }

  /**
   * Returns whether nothing is damaged: no corrupt and no missing blob.
   *
   * @return true when clean
   */
  public boolean isClean() {
    return corruptBlobs.isEmpty() && missingBlobs.isEmpty();
  }

  /**
   * A blob whose bytes hash to something else than its digest.
   *
   * <p>Immutable and thread-safe.
   *
   * <pre>{@code
   * log.error("blob {} hashes to {}", corrupt.digestExpected(), corrupt.digestActual());
   * }</pre>
   *
   * @param digest the digest the blob is stored under
   * @param digestActual the digest of the bytes read, or a description of what went wrong
   * @param liveArtifactVersions the live artifact versions that name the blob, by name then
   *     version; these cannot be opened until the blob is restored
   * @since 0.1
   */
  public record CorruptBlob(
      Digest digest, String digestActual, List<ArtifactRef> liveArtifactVersions) {
    /** Copies the list and checks for null. */
    public CorruptBlob {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(digestActual, "digestActual");
      liveArtifactVersions = List.copyOf(liveArtifactVersions);
    }

    /**
     * Returns the digest the blob is stored under, printed.
     *
     * @return {@code sha256:<hex>}
     */
    public String digestExpected() {
      return digest.toString();
    }
  }

  /**
   * A live artifact version whose blob is not in the blob store.
   *
   * <p>Immutable and thread-safe.
   *
   * <pre>{@code
   * log.error("{} lost its bytes {}", missing.artifactVersion(), missing.digest());
   * }</pre>
   *
   * @param artifactVersion the version
   * @param digest the digest it names
   * @since 0.1
   */
  public record MissingBlob(ArtifactRef artifactVersion, Digest digest) {
    /** Checks for null. */
    public MissingBlob {
      Objects.requireNonNull(artifactVersion, "artifactVersion");
      Objects.requireNonNull(digest, "digest");
    }
  }
}
