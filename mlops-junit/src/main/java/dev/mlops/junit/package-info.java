/**
 * Support for users' own JUnit 5 tests: a temporary-store extension and model-quality assertions
 * over evaluation reports. Its types arrive with the model-validation issue; until then this module
 * holds no types.
 */
@NullMarked
package dev.mlops.junit;

import org.jspecify.annotations.NullMarked;
