package dev.mlops.reports;

import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a report shows about itself: its title, where the data came from (runs, artifact and model
 * versions, files) and when it was generated.
 *
 * <p>Immutable and thread-safe; the {@link Builder} is not thread-safe. The generation time is read
 * once, in {@link Builder#build()}, from the injected clock, so a report made with a fixed clock is
 * byte-for-byte reproducible.
 *
 * <pre>{@code
 * ReportContext context =
 *     ReportContext.builder("Nightly drift", InstantSource.system())
 *         .run("7f3c2a")
 *         .artifact("reference", new ArtifactRef("churn-train", 3))
 *         .file("current", "data/2026-11-27.csv")
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReportContext {

  private final String title;
  private final Instant generatedAt;
  private final List<Source> sources;

  private ReportContext(String title, Instant generatedAt, List<Source> sources) {
    this.title = title;
    this.generatedAt = generatedAt;
    this.sources = List.copyOf(sources);
  }

  /**
   * Starts a context.
   *
   * @param title the report's title, shown as its heading (escaped like every other text)
   * @param clock where {@link Builder#build()} reads the generation time
   * @return a builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the title is blank
   */
  public static Builder builder(String title, InstantSource clock) {
    return new Builder(title, clock);
  }

  /**
   * Returns the title.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * Returns when the report was generated (read from the builder's clock).
   *
   * @return the generation time
   */
  public Instant generatedAt() {
    return generatedAt;
  }

  /**
   * Returns where the data came from, in the order they were added.
   *
   * @return the sources, unmodifiable
   */
  public List<Source> sources() {
    return sources;
  }

  @Override
  public String toString() {
    return "ReportContext[" + title + ", " + generatedAt + ", " + sources.size() + " sources]";
  }

  /**
   * One thing the report's data came from.
   *
   * @param kind what it is
   * @param role its part in the report, e.g. {@code reference}, {@code current}, {@code model}
   * @param id the run id, {@code name:version} of an artifact or model version, or the file name
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Source(Kind kind, String role, String id) {
    /**
     * Creates a source.
     *
     * @param kind what it is
     * @param role its part in the report
     * @param id its run id, {@code name:version} or file name
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the role or id is blank
     */
    public Source {
      Objects.requireNonNull(kind, "kind");
      requireText(role, "role");
      requireText(id, "id");
    }
  }

  /**
   * The kinds of {@link Source}.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Kind {
    /** A tracked run, by id. */
    RUN,
    /** A versioned artifact, as {@code name:version}. */
    ARTIFACT,
    /** A registered model version, as {@code name:version}. */
    MODEL,
    /** A file outside the store, by the name the user gave. */
    FILE
  }

  /**
   * Builds a {@link ReportContext}. Not thread-safe.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String title;
    private final InstantSource clock;
    private final List<Source> sources = new ArrayList<>();

    private Builder(String title, InstantSource clock) {
      this.title = requireText(title, "title");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds the run that produced the data or model.
     *
     * @param runId the run id
     * @return this builder
     * @throws NullPointerException if runId is null
     * @throws IllegalArgumentException if runId is blank
     */
    public Builder run(String runId) {
      sources.add(new Source(Kind.RUN, "run", runId));
      return this;
    }

    /**
     * Adds an artifact version the data came from.
     *
     * @param role its part, e.g. {@code reference} or {@code current}
     * @param artifact the artifact version
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the role is blank
     */
    public Builder artifact(String role, ArtifactRef artifact) {
      Objects.requireNonNull(artifact, "artifact");
      sources.add(new Source(Kind.ARTIFACT, role, artifact.name() + ":" + artifact.version()));
      return this;
    }

    /**
     * Adds a registered model version.
     *
     * @param name the registered model's name
     * @param version its version, at least 1
     * @return this builder
     * @throws NullPointerException if name is null
     * @throws IllegalArgumentException if name is blank or version is below 1
     */
    public Builder model(String name, long version) {
      requireText(name, "name");
      if (version < 1) {
        throw new IllegalArgumentException("version must be >= 1, was " + version);
      }
      sources.add(new Source(Kind.MODEL, "model", name + ":" + version));
      return this;
    }

    /**
     * Adds a file the data was read from.
     *
     * @param role its part, e.g. {@code reference}
     * @param fileName the name as the user gave it
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an argument is blank
     */
    public Builder file(String role, String fileName) {
      sources.add(new Source(Kind.FILE, role, fileName));
      return this;
    }

    /**
     * Reads the clock and builds the context.
     *
     * @return the context
     */
    public ReportContext build() {
      return new ReportContext(title, clock.instant(), sources);
    }
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
