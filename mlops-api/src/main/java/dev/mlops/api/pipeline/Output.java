package dev.mlops.api.pipeline;

import dev.mlops.api.Names;
import dev.mlops.spi.Codec;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A typed handle on a step output: its name, unique in a pipeline, and the codec that turns the
 * value into the bytes stored as an artifact. The step that declares it as an output produces it;
 * steps that declare it as an input read it.
 *
 * <p>Immutable and thread-safe. Two handles are equal when their names and codecs are equal.
 *
 * <pre>{@code
 * Output<String> text = Output.of("text", Codecs.utf8());
 * Step.builder("load").output(text).body(ctx -> ctx.put(text, "hello"));
 * }</pre>
 *
 * @param name the output name ({@link Names#requireName}); it is also the artifact name suffix
 * @param codec how the value is stored
 * @param <T> the value type
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Output<T>(String name, Codec<T> codec) implements Input<T> {

  /**
   * Validates the name.
   *
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws NullPointerException if an argument is null
   */
  public Output {
    Names.requireName(name, "output name");
    Objects.requireNonNull(codec, "codec");
  }

  /**
   * Creates a handle.
   *
   * @param name the output name
   * @param codec the codec
   * @param <T> the value type
   * @return the handle
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  public static <T> Output<T> of(String name, Codec<T> codec) {
    return new Output<>(name, codec);
  }

  /**
   * Returns the codec's value class.
   *
   * @return the value class
   */
  @Override
  public Class<T> type() {
    return codec.type();
  }

  @Override
  public String toString() {
    return "output '" + name + "' (" + codec.type().getSimpleName() + ", codec " + codec.id() + ")";
  }
}
