package dev.mlops.monitoring;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A minimal in-memory repository: puts and links only (core is out of reach here). */
class FakeRepository implements ArtifactRepository {
  final List<ArtifactVersion> versions = new ArrayList<>();
  final List<byte[]> contents = new ArrayList<>();
  final List<String> links = new ArrayList<>();
  final List<String> derivedLinks = new ArrayList<>();

  @Override
  public synchronized ArtifactVersion put(
      String name, String kind, String mediaType, InputStream content, Map<String, String> props) {
    byte[] bytes;
    try {
      bytes = content.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long v = versions.stream().filter(x -> x.name().equals(name)).count() + 1;
    ArtifactVersion av =
        new ArtifactVersion(
            name,
            v,
            kind,
            Digest.of(bytes),
            bytes.length,
            mediaType,
            props,
            Instant.EPOCH,
            null,
            null);
    versions.add(av);
    contents.add(bytes);
    return av;
  }

  @Override
  public ArtifactVersion put(
      String name, String kind, String mediaType, Path file, Map<String, String> props) {
    try {
      return put(name, kind, mediaType, new ByteArrayInputStream(Files.readAllBytes(file)), props);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized Optional<ArtifactVersion> find(String name, long version) {
    return versions.stream()
        .filter(x -> x.name().equals(name) && x.version() == version)
        .findFirst();
  }

  @Override
  public ArtifactVersion get(String name, long version) {
    return find(name, version)
        .orElseThrow(() -> NotFoundException.artifactVersion(name, version, null));
  }

  @Override
  public synchronized Optional<ArtifactVersion> latest(String name) {
    return versions.stream().filter(x -> x.name().equals(name)).reduce((a, b) -> b);
  }

  @Override
  public synchronized InputStream open(String name, long version) {
    return new ByteArrayInputStream(contents.get(versions.indexOf(get(name, version))));
  }

  @Override
  public synchronized List<ArtifactVersion> versions(String name) {
    return versions.stream().filter(x -> x.name().equals(name)).toList();
  }

  @Override
  public Optional<Long> setAlias(String name, String alias, long version) {
    return Optional.empty();
  }

  @Override
  public Optional<ArtifactVersion> byAlias(String name, String alias) {
    return Optional.empty();
  }

  @Override
  public Optional<Long> removeAlias(String name, String alias) {
    return Optional.empty();
  }

  @Override
  public ArtifactVersion delete(String name, long version, String reason) {
    return get(name, version);
  }

  @Override
  public synchronized void link(ArtifactRef artifact, String modelName, long modelVersion) {
    links.add(artifact + "->" + modelName + ":" + modelVersion);
  }

  @Override
  public synchronized void linkDerivedFrom(ArtifactRef derived, ArtifactRef source) {
    derivedLinks.add(derived + "<-" + source);
  }

  @Override
  public synchronized List<ArtifactRef> linked(String modelName, long modelVersion) {
    return List.of();
  }
}
