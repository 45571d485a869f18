package dev.mlops.core;

import dev.mlops.api.ConflictException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.registry.GuardContext;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionGuard;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.ModelVersionDraft;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ModelRegistry} over a metadata store. Each change is one transaction that also records
 * the transition and appends its audit event. Guards run inside the transition's transaction, so
 * what they read (the linked reports) cannot change before the transition commits; a refusal writes
 * only the refusal (a {@link TransitionKind#REFUSED} transition and a {@code registry.refused}
 * audit event), commits it, and then throws.
 *
 * <p>Thread-safe: guards sit in concurrent collections shared by every {@link #as} view.
 */
final class DefaultModelRegistry implements ModelRegistry {
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final InstantSource clock;
  private final Runnable ensureOpen;
  private final AuditChain audit;
  private final String actor;
  private final Guards guards;
  private final ModelJson json = new ModelJson();

  /** The guards of one Mlops instance, by model and target. */
  private static final class Guards {
    final Map<String, List<TransitionGuard>> byTarget = new ConcurrentHashMap<>();
  }

  DefaultModelRegistry(
      MetadataStore metadata,
      BlobStore blobs,
      InstantSource clock,
      Runnable ensureOpen,
      AuditChain audit,
      String actor) {
    this(metadata, blobs, clock, ensureOpen, audit, actor, new Guards());
  }

  private DefaultModelRegistry(
      MetadataStore metadata,
      BlobStore blobs,
      InstantSource clock,
      Runnable ensureOpen,
      AuditChain audit,
      String actor,
      Guards guards) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.clock = clock;
    this.ensureOpen = ensureOpen;
    this.audit = audit;
    this.actor = actor;
    this.guards = guards;
  }

  @Override
  public ModelRegistry as(String otherActor) {
    Names.requireValue(otherActor, "actor", Names.MAX_NAME_LENGTH);
    if (otherActor.isBlank()) {
      throw dev.mlops.api.InvalidInputException.of("actor", "actor must not be blank");
    }
    return new DefaultModelRegistry(metadata, blobs, clock, ensureOpen, audit, otherActor, guards);
  }

  @Override
  public RegisteredModel registerModel(String name, @Nullable String description) {
    RegisteredModel model = new RegisteredModel(name, description, clock.instant());
    ensureOpen.run();
    return metadata.inTransaction(
        tx -> {
          if (tx.findRegisteredModel(name).isPresent()) {
            throw ConflictException.of(
                "registered model '" + name + "' exists already; register versions under it");
          }
          tx.createRegisteredModel(model);
          Map<String, String> details = new TreeMap<>();
          if (description != null) {
            details.put("description", description);
          }
          audit.append(tx, model.createdAt(), actor, "registry.model.created", name, details);
          return model;
        });
  }

  @Override
  public Optional<RegisteredModel> model(String name) {
    Names.requireName(name, "registered model name");
    ensureOpen.run();
    return metadata.read(tx -> tx.findRegisteredModel(name));
  }

  @Override
  public ModelVersion registerVersion(
      String model,
      ArtifactRef artifact,
      @Nullable String runId,
      @Nullable String description,
      Map<String, String> tags) {
    Objects.requireNonNull(tags, "tags");
    ModelVersionDraft draft =
        new ModelVersionDraft(model, artifact, runId, description, tags, clock.instant());
    ensureOpen.run();
    return metadata.inTransaction(
        tx -> {
          requireModel(tx, model);
          ArtifactVersion a =
              tx.findArtifactVersion(artifact.name(), artifact.version())
                  .orElseThrow(
                      () ->
                          NotFoundException.artifactVersion(
                              artifact.name(), artifact.version(), null));
          if (a.isDeleted()) {
            throw ConflictException.of(
                "artifact "
                    + artifact
                    + " is deleted; register a live version of '"
                    + artifact.name()
                    + "'");
          }
          ModelVersion v = tx.createModelVersion(draft);
          Map<String, String> details = new TreeMap<>();
          details.put("artifact", artifact.toString());
          if (runId != null) {
            details.put("run", runId);
          }
          audit.append(
              tx,
              draft.createdAt(),
              actor,
              "registry.version.created",
              subject(model, v.version()),
              details);
          return v;
        });
  }

  @Override
  public ModelVersion transition(String model, long version, Stage stage, String reason) {
    checkVersion(model, version);
    Objects.requireNonNull(stage, "stage");
    Names.requireValue(reason, "reason", Names.MAX_VALUE_LENGTH);
    ensureOpen.run();
    String target = "stage " + stage;
    Outcome<ModelVersion> outcome =
        metadata.inTransaction(
            tx -> {
              ModelVersion current = requireVersion(tx, model, version);
              Instant now = clock.instant();
              Optional<String> refusal =
                  refusal(tx, current, target, guards.byTarget.get(stageKey(model, stage)));
              if (refusal.isPresent()) {
                refuse(
                    tx,
                    current,
                    null,
                    current.stage().name(),
                    stage.name(),
                    reason,
                    now,
                    refusal.get());
                return Outcome.<ModelVersion>refused(refusal.get());
              }
              ModelVersion changed = tx.setModelVersionStage(model, version, stage);
              tx.recordTransition(
                  new Transition(
                      model,
                      version,
                      TransitionKind.STAGE,
                      null,
                      current.stage().name(),
                      stage.name(),
                      actor,
                      reason,
                      now));
              audit.append(
                  tx,
                  now,
                  actor,
                  "registry.stage",
                  subject(model, version),
                  Map.of("from", current.stage().name(), "to", stage.name(), "reason", reason));
              return Outcome.done(changed);
            });
    return outcome.orThrow(model, version, target);
  }

  @Override
  public Optional<Long> setAlias(String model, String alias, long version, String reason) {
    checkVersion(model, version);
    Names.requireName(alias, "alias");
    Names.requireValue(reason, "reason", Names.MAX_VALUE_LENGTH);
    ensureOpen.run();
    String target = "alias '" + alias + "'";
    Outcome<Optional<Long>> outcome =
        metadata.inTransaction(
            tx -> {
              ModelVersion current = requireVersion(tx, model, version);
              Instant now = clock.instant();
              Optional<Long> before = tx.findModelAlias(model, alias);
              String from = before.map(String::valueOf).orElse(null);
              Optional<String> refusal =
                  refusal(tx, current, target, guards.byTarget.get(aliasKey(model, alias)));
              if (refusal.isPresent()) {
                refuse(
                    tx, current, alias, from, Long.toString(version), reason, now, refusal.get());
                return Outcome.<Optional<Long>>refused(refusal.get());
              }
              Optional<Long> previous = tx.setModelAlias(model, alias, version);
              tx.recordTransition(
                  new Transition(
                      model,
                      version,
                      TransitionKind.ALIAS_SET,
                      alias,
                      previous.map(String::valueOf).orElse(null),
                      Long.toString(version),
                      actor,
                      reason,
                      now));
              Map<String, String> details = new TreeMap<>();
              details.put("alias", alias);
              details.put("to", Long.toString(version));
              details.put("reason", reason);
              previous.ifPresent(p -> details.put("from", Long.toString(p)));
              audit.append(tx, now, actor, "registry.alias.set", model, details);
              return Outcome.done(previous);
            });
    return outcome.orThrow(model, version, target);
  }

  @Override
  public Optional<Long> removeAlias(String model, String alias, String reason) {
    Names.requireName(model, "registered model name");
    Names.requireName(alias, "alias");
    Names.requireValue(reason, "reason", Names.MAX_VALUE_LENGTH);
    ensureOpen.run();
    return metadata.inTransaction(
        tx -> {
          requireModel(tx, model);
          Optional<Long> before = tx.removeModelAlias(model, alias);
          if (before.isEmpty()) {
            return before;
          }
          Instant now = clock.instant();
          tx.recordTransition(
              new Transition(
                  model,
                  before.get(),
                  TransitionKind.ALIAS_REMOVED,
                  alias,
                  before.get().toString(),
                  null,
                  actor,
                  reason,
                  now));
          audit.append(
              tx,
              now,
              actor,
              "registry.alias.removed",
              model,
              Map.of("alias", alias, "from", before.get().toString(), "reason", reason));
          return before;
        });
  }

  @Override
  public Optional<ModelVersion> version(String model, long version) {
    checkVersion(model, version);
    ensureOpen.run();
    return metadata.read(tx -> tx.findModelVersion(model, version));
  }

  @Override
  public Optional<ModelVersion> byAlias(String model, String alias) {
    Names.requireName(model, "registered model name");
    Names.requireName(alias, "alias");
    ensureOpen.run();
    return metadata.read(
        tx -> tx.findModelAlias(model, alias).flatMap(v -> tx.findModelVersion(model, v)));
  }

  @Override
  public List<ModelVersion> byStage(String model, Stage stage) {
    Names.requireName(model, "registered model name");
    Objects.requireNonNull(stage, "stage");
    ensureOpen.run();
    return metadata.read(
        tx -> {
          List<ModelVersion> result = new ArrayList<>();
          long after = 0;
          while (true) {
            List<ModelVersion> page =
                tx.listModelVersions(model, after, MetadataTransaction.MAX_PAGE);
            for (ModelVersion v : page) {
              if (v.stage() == stage) {
                result.add(v);
              }
            }
            if (page.size() < MetadataTransaction.MAX_PAGE) {
              return List.copyOf(result);
            }
            after = page.get(page.size() - 1).version();
          }
        });
  }

  @Override
  public List<Transition> history(String model) {
    Names.requireName(model, "registered model name");
    ensureOpen.run();
    return metadata.read(tx -> tx.listTransitions(model));
  }

  @Override
  public ModelRegistry guard(String model, Stage stage, TransitionGuard guard) {
    Names.requireName(model, "registered model name");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(guard, "guard");
    guards
        .byTarget
        .computeIfAbsent(stageKey(model, stage), k -> new CopyOnWriteArrayList<>())
        .add(guard);
    return this;
  }

  @Override
  public ModelRegistry guardAlias(String model, String alias, TransitionGuard guard) {
    Names.requireName(model, "registered model name");
    Names.requireName(alias, "alias");
    Objects.requireNonNull(guard, "guard");
    guards
        .byTarget
        .computeIfAbsent(aliasKey(model, alias), k -> new CopyOnWriteArrayList<>())
        .add(guard);
    return this;
  }

  @Override
  public List<LinkedReport> reports(String model, long version) {
    checkVersion(model, version);
    ensureOpen.run();
    return metadata.read(
        tx -> {
          requireVersion(tx, model, version);
          return reportsIn(tx, model, version);
        });
  }

  private List<LinkedReport> reportsIn(MetadataTransaction tx, String model, long version) {
    List<LinkedReport> reports = new ArrayList<>();
    for (ArtifactRef ref :
        StoreArtifactRepository.linkedIn(tx, ModelVersionLinks.executionId(model, version))) {
      reports.add(ReportReader.read(tx, blobs, ref));
    }
    return reports;
  }

  // ---------------------------------------------------------------- JSON export and import

  @Override
  public void exportModel(String model, OutputStream out) {
    Names.requireName(model, "registered model name");
    Objects.requireNonNull(out, "out");
    ensureOpen.run();
    ModelJson.Document doc =
        metadata.read(
            tx -> {
              RegisteredModel m =
                  tx.findRegisteredModel(model)
                      .orElseThrow(() -> NotFoundException.of("registered model", model));
              List<ModelJson.VersionEntry> entries = new ArrayList<>();
              long after = 0;
              while (true) {
                List<ModelVersion> page =
                    tx.listModelVersions(model, after, MetadataTransaction.MAX_PAGE);
                for (ModelVersion v : page) {
                  List<ModelJson.ArtifactEntry> linked = new ArrayList<>();
                  for (ArtifactRef ref :
                      StoreArtifactRepository.linkedIn(
                          tx, ModelVersionLinks.executionId(model, v.version()))) {
                    linked.add(entry(tx, ref));
                  }
                  entries.add(
                      new ModelJson.VersionEntry(v, entry(tx, v.artifact()).digest(), linked));
                }
                if (page.size() < MetadataTransaction.MAX_PAGE) {
                  break;
                }
                after = page.get(page.size() - 1).version();
              }
              return new ModelJson.Document(
                  m, entries, tx.modelAliases(model), tx.listTransitions(model));
            });
    json.write(doc, out);
  }

  private static ModelJson.ArtifactEntry entry(MetadataTransaction tx, ArtifactRef ref) {
    ArtifactVersion a =
        tx.findArtifactVersion(ref.name(), ref.version())
            .orElseThrow(() -> NotFoundException.artifactVersion(ref.name(), ref.version(), null));
    return new ModelJson.ArtifactEntry(ref, a.digest());
  }

  @Override
  public RegisteredModel importModel(InputStream in) {
    Objects.requireNonNull(in, "in");
    ModelJson.Document doc = json.read(in);
    return importAs(doc, doc.model().name());
  }

  @Override
  public RegisteredModel importModel(InputStream in, String name) {
    Objects.requireNonNull(in, "in");
    Names.requireName(name, "registered model name");
    return importAs(json.read(in), name);
  }

  private RegisteredModel importAs(ModelJson.Document doc, String name) {
    ensureOpen.run();
    String source = doc.model().name();
    return metadata.inTransaction(
        tx -> {
          if (tx.findRegisteredModel(name).isPresent()) {
            throw ConflictException.of(
                "registered model '"
                    + name
                    + "' exists already; import under another name; nothing was written");
          }
          // Every artifact the document names must be here with the same bytes, before any write.
          for (ModelJson.VersionEntry e : doc.versions()) {
            String use = "version " + e.version().version() + " of model '" + source + "'";
            requireImported(
                tx, new ModelJson.ArtifactEntry(e.version().artifact(), e.digest()), use);
            for (ModelJson.ArtifactEntry l : e.linked()) {
              requireImported(tx, l, "a link of " + use);
            }
          }
          Instant now = clock.instant();
          RegisteredModel model =
              new RegisteredModel(name, doc.model().description(), doc.model().createdAt());
          tx.createRegisteredModel(model);
          Map<String, String> created = new TreeMap<>();
          created.put("imported_from", source);
          created.put("versions", Integer.toString(doc.versions().size()));
          if (model.description() != null) {
            created.put("description", model.description());
          }
          audit.append(tx, now, actor, "registry.model.created", name, created);

          List<ModelVersion> versions = new ArrayList<>();
          for (ModelJson.VersionEntry e : doc.versions()) {
            ModelVersion exported = e.version();
            ModelVersion v =
                tx.createModelVersion(
                    new ModelVersionDraft(
                        name,
                        exported.artifact(),
                        exported.runId(),
                        exported.description(),
                        exported.tags(),
                        exported.createdAt()));
            if (v.version() != exported.version()) {
              throw new IllegalStateException(
                  "a new model was numbered " + v.version() + " for " + exported.version());
            }
            versions.add(v);
            Map<String, String> details = new TreeMap<>();
            details.put("artifact", exported.artifact().toString());
            details.put("stage", exported.stage().name());
            details.put("imported", "true");
            if (exported.runId() != null) {
              details.put("run", exported.runId());
            }
            audit.append(
                tx, now, actor, "registry.version.created", subject(name, v.version()), details);
            String execution = ModelVersionLinks.executionId(name, v.version());
            for (ModelJson.ArtifactEntry l : e.linked()) {
              tx.recordLineageEvent(new LineageEvent(execution, l.ref(), Direction.INPUT, now));
              audit.append(
                  tx,
                  now,
                  actor,
                  "artifact.linked",
                  l.ref().toString(),
                  Map.of(
                      "model",
                      name,
                      "model_version",
                      Long.toString(v.version()),
                      "imported",
                      "true"));
            }
          }

          // Guards see the imported links; a refusal rolls the whole import back.
          for (ModelJson.VersionEntry e : doc.versions()) {
            Stage stage = e.version().stage();
            if (stage != Stage.NONE) {
              ModelVersion v = versions.get((int) e.version().version() - 1);
              String target = "stage " + stage;
              refusal(tx, v, target, guards.byTarget.get(stageKey(name, stage)))
                  .ifPresent(r -> refuseImport(name, v.version(), target, r));
              tx.setModelVersionStage(name, v.version(), stage);
            }
          }
          for (Map.Entry<String, Long> a : new TreeMap<>(doc.aliases()).entrySet()) {
            ModelVersion v = versions.get((int) (long) a.getValue() - 1);
            String target = "alias '" + a.getKey() + "'";
            refusal(tx, v, target, guards.byTarget.get(aliasKey(name, a.getKey())))
                .ifPresent(r -> refuseImport(name, v.version(), target, r));
            tx.setModelAlias(name, a.getKey(), v.version());
            audit.append(
                tx,
                now,
                actor,
                "registry.alias.set",
                name,
                Map.of("alias", a.getKey(), "to", Long.toString(v.version()), "imported", "true"));
          }
          for (Transition t : doc.history()) {
            tx.recordTransition(
                new Transition(
                    name,
                    t.version(),
                    t.kind(),
                    t.alias(),
                    t.from(),
                    t.to(),
                    t.actor(),
                    t.reason(),
                    t.time()));
          }
          return model;
        });
  }

  private static void refuseImport(String model, long version, String target, String refusal) {
    throw ConflictException.of(
        "importing model '"
            + model
            + "' was refused: version "
            + version
            + " in "
            + target
            + " does not satisfy a guard of this registry: "
            + refusal
            + "; nothing was written");
  }

  /** Checks that an artifact version the import names is here, live, with the exported bytes. */
  private static void requireImported(
      MetadataTransaction tx, ModelJson.ArtifactEntry e, String use) {
    ArtifactRef ref = e.ref();
    Optional<ArtifactVersion> found = tx.findArtifactVersion(ref.name(), ref.version());
    if (found.isEmpty() || found.get().isDeleted()) {
      throw new NotFoundException(
          "artifact '" + ref.name() + "' version " + ref.version(),
          "artifact version "
              + ref
              + " ("
              + e.digest()
              + "), named by "
              + use
              + ", "
              + (found.isEmpty() ? "is not in this store" : "is deleted in this store")
              + "; the export does not carry artifact bytes: put them first under the same name"
              + " and version number, then import again; nothing was written");
    }
    if (!found.get().digest().equals(e.digest())) {
      throw ConflictException.of(
          "artifact version "
              + ref
              + ", named by "
              + use
              + ", holds "
              + found.get().digest()
              + " in this store but "
              + e.digest()
              + " in the export: other bytes; nothing was written");
    }
  }

  private Optional<String> refusal(
      MetadataTransaction tx,
      ModelVersion version,
      String target,
      @Nullable List<TransitionGuard> targetGuards) {
    if (targetGuards == null || targetGuards.isEmpty()) {
      return Optional.empty();
    }
    GuardContext context =
        new GuardContext(version, target, reportsIn(tx, version.modelName(), version.version()));
    for (TransitionGuard g : targetGuards) {
      Optional<String> r = g.refuse(context);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  private void refuse(
      MetadataTransaction tx,
      ModelVersion version,
      @Nullable String alias,
      @Nullable String from,
      String to,
      String reason,
      Instant now,
      String why) {
    String text = clip(why);
    tx.recordTransition(
        new Transition(
            version.modelName(),
            version.version(),
            TransitionKind.REFUSED,
            alias,
            from,
            to,
            actor,
            clip(reason + " | refused: " + text),
            now));
    Map<String, String> details = new TreeMap<>();
    details.put("to", to);
    details.put("reason", reason);
    details.put("refusal", text);
    if (alias != null) {
      details.put("alias", alias);
    }
    if (from != null) {
      details.put("from", from);
    }
    audit.append(
        tx,
        now,
        actor,
        "registry.refused",
        subject(version.modelName(), version.version()),
        details);
  }

  /** Keeps guard text storable: no control characters or lone surrogates, bounded length. */
  private static String clip(String s) {
    StringBuilder b = new StringBuilder();
    int limit = Math.min(s.length(), Names.MAX_VALUE_LENGTH - 3);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      b.append(c == 0 || Character.isSurrogate(c) ? '?' : c);
    }
    return s.length() > limit ? b + "..." : b.toString();
  }

  /** The result of a guarded change: done, or refused (the refusal committed). */
  private record Outcome<T>(@Nullable T value, @Nullable String refusal) {
    static <T> Outcome<T> done(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> refused(String refusal) {
      return new Outcome<>(null, refusal);
    }

    T orThrow(String model, long version, String target) {
      if (refusal != null) {
        throw ConflictException.of(
            "moving model '"
                + model
                + "' version "
                + version
                + " to "
                + target
                + " was refused: "
                + refusal);
      }
      return Objects.requireNonNull(value);
    }
  }

  private static void requireModel(MetadataTransaction tx, String model) {
    if (tx.findRegisteredModel(model).isEmpty()) {
      throw NotFoundException.of("registered model", model);
    }
  }

  private static ModelVersion requireVersion(MetadataTransaction tx, String model, long version) {
    requireModel(tx, model);
    return tx.findModelVersion(model, version)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "model '" + model + "' version " + version,
                    "registered model '"
                        + model
                        + "' has no version "
                        + version
                        + "; register it first"));
  }

  private static void checkVersion(String model, long version) {
    Names.requireName(model, "registered model name");
    if (version < 1) {
      throw new IllegalArgumentException("model version numbers start at 1, but got " + version);
    }
  }

  private static String subject(String model, long version) {
    return model + ":" + version;
  }

  private static String stageKey(String model, Stage stage) {
    return model + "\n" + "stage\n" + stage.name();
  }

  private static String aliasKey(String model, String alias) {
    return model + "\n" + "alias\n" + alias;
  }
}
