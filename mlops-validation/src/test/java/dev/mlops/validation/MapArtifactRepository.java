package dev.mlops.validation;

import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small in-memory repository for validation's tests (schemas, evaluation reports): versions in
 * lists, aliases and links in maps. Not thread-safe.
 */
public final class MapArtifactRepository implements ArtifactRepository {
  private final Map<String, List<ArtifactVersion>> versions = new HashMap<>();
  private final Map<String, byte[]> bytes = new HashMap<>();
  private final Map<String, Long> aliases = new HashMap<>();
  private final Map<String, List<ArtifactRef>> links = new HashMap<>();
  private final Map<ArtifactRef, List<ArtifactRef>> derivedFrom = new HashMap<>();

  @Override
  public ArtifactVersion put(
      String name, String kind, String mediaType, InputStream content, Map<String, String> props) {
    byte[] b;
    try {
      b = content.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ArtifactVersion> vs = versions.computeIfAbsent(name, k -> new ArrayList<>());
    ArtifactVersion v =
        new ArtifactVersion(
            name,
            vs.size() + 1L,
            kind,
            Digest.of(b),
            b.length,
            mediaType,
            props,
            Instant.EPOCH,
            null,
            null);
    vs.add(v);
    bytes.put(name + "@" + v.version(), b);
    return v;
  }

  @Override
  public ArtifactVersion put(
      String name, String kind, String mediaType, Path file, Map<String, String> props) {
    try (InputStream in = Files.newInputStream(file)) {
      return put(name, kind, mediaType, in, props);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<ArtifactVersion> find(String name, long version) {
    List<ArtifactVersion> vs = versions.getOrDefault(name, List.of());
    return version >= 1 && version <= vs.size()
        ? Optional.of(vs.get((int) version - 1))
        : Optional.empty();
  }

  @Override
  public ArtifactVersion get(String name, long version) {
    return find(name, version)
        .orElseThrow(
            () -> new NotFoundException(name, "artifact " + name + "@" + version + " not found"));
  }

  @Override
  public Optional<ArtifactVersion> latest(String name) {
    List<ArtifactVersion> vs = versions.getOrDefault(name, List.of());
    return vs.isEmpty() ? Optional.empty() : Optional.of(vs.get(vs.size() - 1));
  }

  @Override
  public InputStream open(String name, long version) {
    get(name, version);
    return new ByteArrayInputStream(bytes.get(name + "@" + version));
  }

  @Override
  public List<ArtifactVersion> versions(String name) {
    return List.copyOf(versions.getOrDefault(name, List.of()));
  }

  @Override
  public Optional<Long> setAlias(String name, String alias, long version) {
    return Optional.ofNullable(aliases.put(name + "#" + alias, version));
  }

  @Override
  public Optional<ArtifactVersion> byAlias(String name, String alias) {
    Long v = aliases.get(name + "#" + alias);
    return v == null ? Optional.empty() : find(name, v);
  }

  @Override
  public Optional<Long> removeAlias(String name, String alias) {
    return Optional.ofNullable(aliases.remove(name + "#" + alias));
  }

  @Override
  public ArtifactVersion delete(String name, long version, String reason) {
    ArtifactVersion v = get(name, version).withDeletedAt(Instant.EPOCH);
    versions.get(name).set((int) version - 1, v);
    return v;
  }

  @Override
  public void link(ArtifactRef artifact, String modelName, long modelVersion) {
    links.computeIfAbsent(modelName + "@" + modelVersion, k -> new ArrayList<>()).add(artifact);
  }

  @Override
  public void linkDerivedFrom(ArtifactRef derived, ArtifactRef source) {
    get(derived.name(), derived.version());
    get(source.name(), source.version());
    List<ArtifactRef> sources = derivedFrom.computeIfAbsent(derived, k -> new ArrayList<>());
    if (!sources.contains(source)) {
      sources.add(source);
    }
  }

  @Override
  public List<ArtifactRef> linked(String modelName, long modelVersion) {
    return List.copyOf(links.getOrDefault(modelName + "@" + modelVersion, List.of()));
  }
}
