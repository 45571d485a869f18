package dev.mlops.samples;

/**
 * What the {@code register} step of {@link RainPipeline} did: the registered model version that
 * holds the trained model's artifact. Stored as the step's output (JSON), so a cached run reads it
 * back instead of registering again.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ModelRegistration r = mlops.pipelines().value(result, RainPipeline.REGISTRATION);
 * registry.setAlias(r.model(), "champion", r.version(), "evaluation passed");
 * }</pre>
 *
 * @param model the registered model's name
 * @param version the model version
 * @param artifact the model artifact version it holds, e.g. {@code rain.model:1}
 * @param digest the artifact's content digest
 * @since 0.1
 */
public record ModelRegistration(String model, long version, String artifact, String digest) {}
