/**
 * Runnable examples of mlops. {@link dev.mlops.samples.EndToEnd} is the README's main job: the
 * whole loop on the embedded default store. Samples may print; the library never does.
 */
@NullMarked
package dev.mlops.samples;

import org.jspecify.annotations.NullMarked;
