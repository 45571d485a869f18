package dev.mlops.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * Marks a test-method parameter that {@link MlopsExtension} fills with a fresh, private store: an
 * {@link dev.mlops.core.Mlops} instance, or the {@link java.nio.file.Path} of its directory.
 *
 * <p>An annotation; immutable. Parameters of one test method (and of its {@code @BeforeEach} and
 * {@code @AfterEach} methods) with the same annotation values share one store; every test method
 * gets its own. The store is closed after the test and its directory deleted, unless the test
 * failed: then the directory is kept for inspection and its path is published as the report entry
 * {@code mlops.store}.
 *
 * <pre>{@code
 * @ExtendWith(MlopsExtension.class)
 * class ChurnModelTest {
 *   @Test
 *   void registersTheModel(@TempStore Mlops mlops) {
 *     mlops.registry().registerModel("churn", null);
 *     assertThat(mlops.registry().model("churn")).isPresent();
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface TempStore {

  /**
   * Which store to open.
   *
   * @return the kind; {@link Kind#EMBEDDED} by default
   */
  Kind value() default Kind.EMBEDDED;

  /**
   * The actor the store records in the audit log and in run metadata.
   *
   * @return the actor name; {@code "test"} by default
   */
  String actor() default "test";

  /**
   * The kinds of temporary store.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  enum Kind {
    /**
     * The embedded default store (SQLite metadata and file blobs) in a fresh temporary directory:
     * what an application gets from {@code Mlops.open(directory)}.
     */
    EMBEDDED,
    /** Private in-memory stores: fastest, but without a directory and without durability. */
    IN_MEMORY
  }
}
