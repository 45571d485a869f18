package dev.mlops.core;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.core.blob.FileBlobStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a blob store against the metadata that names its blobs: re-hashes every blob (reading it
 * to the end through the verifying stream), and finds corrupt blobs, live artifact versions whose
 * blob is missing, and blobs no live version names. It only reports: it never repairs, never
 * deletes a blob, and never serves corrupt bytes. On a {@link FileBlobStore} it also removes
 * temporary files older than {@link #STALE_TEMP_FILE_AGE} that killed writers left behind.
 *
 * <p>Thread-safe and stateless; it may run while other threads and processes write. It reads the
 * metadata first and the blobs after, so a put that runs meanwhile never shows as a missing blob;
 * an unreferenced blob is checked again against the metadata at the end, so one whose version was
 * created meanwhile is not reported either.
 *
 * <pre>{@code
 * FsckReport report = Fsck.check(metadataStore, blobStore); // or mlops.fsck()
 * if (!report.isClean()) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Fsck {
  /** The age beyond which a blob store's temporary file is stale and removed. */
  public static final Duration STALE_TEMP_FILE_AGE = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(Fsck.class);
  private static final Comparator<ArtifactRef> BY_NAME_THEN_VERSION =
      Comparator.comparing(ArtifactRef::name).thenComparingLong(ArtifactRef::version);

  private Fsck() {}

  /**
   * Checks a pair of stores.
   *
   * @param metadata the metadata store naming the blobs
   * @param blobs the blob store
   * @return the report
   * @throws dev.mlops.api.StorageException if a store fails (other than a corrupt blob, which is
   *     reported)
   * @throws NullPointerException if an argument is null
   */
  public static FsckReport check(MetadataStore metadata, BlobStore blobs) {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(blobs, "blobs");

    int staleRemoved = 0;
    if (blobs instanceof FileBlobStore) {
      staleRemoved = ((FileBlobStore) blobs).removeStaleTempFiles(STALE_TEMP_FILE_AGE);
    }

    Map<Digest, List<ArtifactRef>> live = metadata.read(Fsck::liveVersionsByDigest);

    List<Digest> stored;
    try (Stream<Digest> s = blobs.digests()) {
      stored = s.distinct().sorted(Comparator.comparing(Digest::hex)).toList();
    }

    long checked = 0;
    List<Digest> corruptDigests = new ArrayList<>();
    Map<Digest, String> actualOf = new HashMap<>();
    for (Digest d : stored) {
      try (InputStream in = blobs.open(d)) {
        in.transferTo(OutputStream.nullOutputStream());
        checked++;
      } catch (CorruptArtifactException e) {
        checked++;
        corruptDigests.add(d);
        actualOf.put(d, e.digestActual());
        LOG.warn("fsck: blob {} is corrupt: its bytes hash to {}", d, e.digestActual());
      } catch (NotFoundException e) {
        LOG.debug("fsck: blob {} was deleted while the check ran", d);
      } catch (IOException e) {
        throw new StorageException(
            "fsck cannot read blob " + d + ": " + e + "; check the blob store's file system", e);
      }
    }

    List<FsckReport.CorruptBlob> corrupt =
        corruptDigests.isEmpty()
            ? List.of()
            : metadata.read(
                tx -> {
                  List<FsckReport.CorruptBlob> out = new ArrayList<>();
                  for (Digest d : corruptDigests) {
                    List<ArtifactRef> refs = sorted(tx.liveArtifactVersionsWithDigest(d));
                    out.add(new FsckReport.CorruptBlob(d, actualOf.get(d), refs));
                  }
                  return out;
                });

    Set<Digest> storedSet = new HashSet<>(stored);
    List<FsckReport.MissingBlob> missing = new ArrayList<>();
    live.forEach(
        (d, refs) -> {
          if (!storedSet.contains(d) && !blobs.exists(d)) {
            for (ArtifactRef ref : refs) {
              missing.add(new FsckReport.MissingBlob(ref, d));
            }
          }
        });
    missing.sort(
        Comparator.comparing(FsckReport.MissingBlob::artifactVersion, BY_NAME_THEN_VERSION));
    missing.forEach(
        m -> LOG.warn("fsck: artifact {} names missing blob {}", m.artifactVersion(), m.digest()));

    List<Digest> candidates = stored.stream().filter(d -> !live.containsKey(d)).toList();
    List<Digest> unreferenced =
        candidates.isEmpty()
            ? List.of()
            : metadata.read(
                tx ->
                    candidates.stream()
                        .filter(d -> tx.liveArtifactVersionsWithDigest(d).isEmpty())
                        .toList());

    FsckReport report = new FsckReport(checked, corrupt, missing, unreferenced, staleRemoved);
    LOG.debug(
        "fsck: {} blobs checked, {} corrupt, {} missing, {} unreferenced, {} stale temp files"
            + " removed",
        checked,
        corrupt.size(),
        missing.size(),
        unreferenced.size(),
        staleRemoved);
    return report;
  }

  /** Returns every live artifact version, grouped by digest, in one read transaction. */
  private static Map<Digest, List<ArtifactRef>> liveVersionsByDigest(MetadataTransaction tx) {
    Map<Digest, List<ArtifactRef>> byDigest = new HashMap<>();
    @Nullable String afterName = null;
    while (true) {
      List<String> names = tx.listArtifactNames(afterName, MetadataTransaction.MAX_PAGE);
      for (String name : names) {
        long after = 0;
        while (true) {
          List<ArtifactVersion> page =
              tx.listArtifactVersions(name, after, MetadataTransaction.MAX_PAGE);
          for (ArtifactVersion v : page) {
            if (!v.isDeleted()) {
              byDigest.computeIfAbsent(v.digest(), d -> new ArrayList<>()).add(v.ref());
            }
          }
          if (page.size() < MetadataTransaction.MAX_PAGE) {
            break;
          }
          after = page.get(page.size() - 1).version();
        }
      }
      if (names.size() < MetadataTransaction.MAX_PAGE) {
        return byDigest;
      }
      afterName = names.get(names.size() - 1);
    }
  }

  private static List<ArtifactRef> sorted(List<ArtifactRef> refs) {
    List<ArtifactRef> copy = new ArrayList<>(refs);
    copy.sort(BY_NAME_THEN_VERSION);
    return copy;
  }
}
