package dev.mlops.api.registry;

import dev.mlops.api.artifact.ArtifactRef;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The model registry: registered models, their versions (each a model artifact version tied to the
 * run that produced it), stages, aliases, promotion guards, and the history of every transition
 * with who, when and why.
 *
 * <p>Thread-safe; share one instance. Every change is one metadata transaction that also appends an
 * audit event ({@code registry.model.created}, {@code registry.version.created}, {@code
 * registry.stage}, {@code registry.alias.set}, {@code registry.alias.removed}, {@code
 * registry.refused}), so a change and its audit event commit together. Moving an alias is atomic: a
 * reader sees the old or the new version, never none. Guards are configuration of this instance
 * (not stored): register them at start-up in every process that promotes models. A change is
 * visible to other threads and processes once the call returns.
 *
 * <pre>{@code
 * ModelRegistry registry = mlops.registry();
 * registry.registerModel("churn", "monthly churn classifier");
 * ModelVersion v = registry.registerVersion("churn", ArtifactRef.of("churn-model", 4), runId,
 *     "retrained on October data", Map.of());
 * registry.guard("churn", Stage.PRODUCTION, RequireReport.of("evaluation", Verdict.PASS));
 * registry.transition("churn", v.version(), Stage.PRODUCTION, "beats champion by 2% AUC");
 * registry.setAlias("churn", "champion", v.version(), "promoted after review");
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ModelRegistry {

  /**
   * Returns a view of this registry that records another actor as who made each change.
   *
   * @param actor the actor, 1 to {@value dev.mlops.api.Names#MAX_NAME_LENGTH} characters of text
   * @return the view, sharing guards and storage with this registry
   * @throws dev.mlops.api.InvalidInputException if the actor is blank or not storable text
   */
  ModelRegistry as(String actor);

  /**
   * Registers a model name.
   *
   * @param name the model name ({@link dev.mlops.api.Names#requireName})
   * @param description a description, or null
   * @return the registered model
   * @throws dev.mlops.api.InvalidInputException if the name or description is illegal
   * @throws dev.mlops.api.ConflictException if the name is registered already
   */
  RegisteredModel registerModel(String name, @Nullable String description);

  /**
   * Finds a registered model.
   *
   * @param name the model name
   * @return the model, if registered
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  Optional<RegisteredModel> model(String name);

  /**
   * Registers the next version of a model (1, 2, 3 ... without gaps), in stage {@link Stage#NONE}.
   *
   * @param model the registered model
   * @param artifact the model artifact version; must exist and not be deleted
   * @param runId the run that produced it, or null
   * @param description a description, or null
   * @param tags free-form tags (keys as {@link dev.mlops.api.Names#requireKey})
   * @return the new version
   * @throws dev.mlops.api.InvalidInputException if a name, key or value is illegal
   * @throws dev.mlops.api.NotFoundException if the model or artifact version does not exist
   * @throws dev.mlops.api.ConflictException if the artifact version is deleted
   */
  ModelVersion registerVersion(
      String model,
      ArtifactRef artifact,
      @Nullable String runId,
      @Nullable String description,
      Map<String, String> tags);

  /**
   * Moves a model version to a stage, if every guard of that stage allows it.
   *
   * @param model the registered model
   * @param version the version
   * @param stage the target stage
   * @param reason why, recorded in the history and the audit log
   * @return the version in its new stage
   * @throws dev.mlops.api.InvalidInputException if a name or the reason is illegal
   * @throws dev.mlops.api.NotFoundException if the version does not exist
   * @throws dev.mlops.api.ConflictException if a guard refuses; the message names the failed
   *     condition and what was found; the refusal is recorded and nothing else changes
   */
  ModelVersion transition(String model, long version, Stage stage, String reason);

  /**
   * Points an alias at a version, moving it atomically if it pointed elsewhere, if every guard of
   * that alias allows it.
   *
   * @param model the registered model
   * @param alias the alias, e.g. {@code champion}
   * @param version the version
   * @param reason why
   * @return the version the alias pointed at before, if any
   * @throws dev.mlops.api.InvalidInputException if a name or the reason is illegal
   * @throws dev.mlops.api.NotFoundException if the version does not exist
   * @throws dev.mlops.api.ConflictException if a guard refuses (recorded, nothing else changes)
   */
  Optional<Long> setAlias(String model, String alias, long version, String reason);

  /**
   * Removes an alias. Removing a missing alias changes and records nothing.
   *
   * @param model the registered model
   * @param alias the alias
   * @param reason why
   * @return the version it pointed at, if it existed
   * @throws dev.mlops.api.InvalidInputException if a name or the reason is illegal
   * @throws dev.mlops.api.NotFoundException if the model does not exist
   */
  Optional<Long> removeAlias(String model, String alias, String reason);

  /**
   * Finds a model version.
   *
   * @param model the registered model
   * @param version the version
   * @return the version, if it exists
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  Optional<ModelVersion> version(String model, long version);

  /**
   * Finds the version behind an alias.
   *
   * @param model the registered model
   * @param alias the alias
   * @return the version, if the alias exists
   * @throws dev.mlops.api.InvalidInputException if a name is illegal
   */
  Optional<ModelVersion> byAlias(String model, String alias);

  /**
   * Lists the versions in a stage, by ascending version.
   *
   * @param model the registered model
   * @param stage the stage
   * @return the versions
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  List<ModelVersion> byStage(String model, Stage stage);

  /**
   * Returns the history of a model: every stage change, alias move and refusal, in order.
   *
   * @param model the registered model
   * @return the transitions
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  List<Transition> history(String model);

  /**
   * Adds a guard on moving any version of a model to a stage. Guards add up: all must allow.
   *
   * @param model the registered model name (need not be registered yet)
   * @param stage the target stage
   * @param guard the guard
   * @return this registry
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  ModelRegistry guard(String model, Stage stage, TransitionGuard guard);

  /**
   * Adds a guard on pointing an alias of a model at any version. Guards add up: all must allow.
   *
   * @param model the registered model name (need not be registered yet)
   * @param alias the alias
   * @param guard the guard
   * @return this registry
   * @throws dev.mlops.api.InvalidInputException if a name is illegal
   */
  ModelRegistry guardAlias(String model, String alias, TransitionGuard guard);

  /**
   * Returns the reports linked to a model version (see {@link
   * dev.mlops.api.artifact.ArtifactRepository#link}), read in the report contract, as guards see
   * them.
   *
   * @param model the registered model
   * @param version the version
   * @return the reports, oldest link first
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws dev.mlops.api.NotFoundException if the version does not exist
   */
  List<LinkedReport> reports(String model, long version);

  /**
   * Writes a registered model as JSON: the model, every version (artifact name, version and digest,
   * run id, description, tags, stage, and the artifacts linked to it such as reports), the aliases
   * and the whole transition history. The document has {@code "format_version": 1} and {@code
   * "kind": "registered_model"}; it names artifact versions but does not carry their bytes. It is
   * read from one consistent snapshot.
   *
   * <pre>{@code
   * try (OutputStream out = Files.newOutputStream(Path.of("churn.json"))) {
   *   registry.exportModel("churn", out);
   * }
   * }</pre>
   *
   * @param model the registered model
   * @param out where to write; not closed
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws dev.mlops.api.NotFoundException if the model is not registered
   * @throws dev.mlops.api.StorageException if writing fails
   * @since 0.1
   */
  void exportModel(String model, OutputStream out);

  /**
   * Imports a model written by {@link #exportModel} under its exported name; see {@link
   * #importModel(InputStream, String)}.
   *
   * @param in the JSON; read to the end, not closed
   * @return the imported model
   * @throws dev.mlops.api.InvalidInputException if the document is malformed, exceeds a limit or
   *     holds an illegal value; nothing is written
   * @throws dev.mlops.api.ConflictException if the name is registered already, an artifact version
   *     holds other bytes than at export, or a guard refuses a stage or alias; nothing is written
   * @throws dev.mlops.api.NotFoundException if an artifact version the document names is missing or
   *     deleted in this store; nothing is written
   * @since 0.1
   */
  RegisteredModel importModel(InputStream in);

  /**
   * Imports a model written by {@link #exportModel} under a given name, in one transaction: the
   * model, its versions with the same numbers, descriptions, tags, run ids and stages, the links of
   * the artifacts linked to them, the aliases, and the exported history (under the new name, with
   * its original actors and times). The import is audited: {@code registry.model.created} (with
   * {@code imported_from}), then per version {@code registry.version.created}, per link {@code
   * artifact.linked}, per alias {@code registry.alias.set}, each marked {@code imported}.
   *
   * <p>The document does not carry artifact bytes: every artifact version it names (each version's
   * model artifact and every linked artifact) must already exist, live, in this store under the
   * same name and version number, with the same digest; copy them first (putting the same bytes
   * under the same names in the same order gives the same numbers). Otherwise the import fails
   * naming the first missing artifact version, and writes nothing. The guards of this registry
   * apply: a version imported in a guarded stage, or an alias that is guarded, must satisfy them
   * with the imported links, or the whole import is refused.
   *
   * <pre>{@code
   * try (InputStream in = Files.newInputStream(Path.of("churn.json"))) {
   *   registry.importModel(in, "churn-copy");
   * }
   * }</pre>
   *
   * @param in the JSON; read to the end, not closed
   * @param name the name to register the model under
   * @return the imported model
   * @throws dev.mlops.api.InvalidInputException if the name is illegal, or the document malformed,
   *     over a limit (64 MiB, nesting depth 16) or holding an illegal value; nothing is written
   * @throws dev.mlops.api.ConflictException if the name is registered already, an artifact version
   *     holds other bytes than at export, or a guard refuses a stage or alias; nothing is written
   * @throws dev.mlops.api.NotFoundException if an artifact version the document names is missing or
   *     deleted in this store; the message names it; nothing is written
   * @since 0.1
   */
  RegisteredModel importModel(InputStream in, String name);
}
