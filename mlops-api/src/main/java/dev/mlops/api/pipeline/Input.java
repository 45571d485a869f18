package dev.mlops.api.pipeline;

import org.apiguardian.api.API;

/**
 * Something a step reads: the output of another step ({@link Output}) or a pipeline parameter
 * ({@link Parameter}), which may name a stored artifact version ({@link Parameter#ofArtifact}).
 * Inputs are matched by name when a pipeline is built.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * <pre>{@code
 * Input<Long> rows = Parameter.ofLong("rows");
 * Input<String> text = Output.of("text", utf8);
 * Step.builder("count").input(rows).input(text).body(ctx -> System.out.println(ctx.get(text).length() + ctx.get(rows)));
 * }</pre>
 *
 * @param <T> the type of the value read
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Input<T> permits Output, Parameter {

  /**
   * Returns the name that identifies the value in its pipeline.
   *
   * @return the name ({@link dev.mlops.api.Names#requireName})
   */
  String name();

  /**
   * Returns the class of the value.
   *
   * @return the value class
   */
  Class<T> type();
}
