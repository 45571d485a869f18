/**
 * Support for users' own JUnit 5 tests: {@link dev.mlops.junit.MlopsExtension} gives a test a
 * fresh, private store ({@link dev.mlops.junit.TempStore}), and {@link
 * dev.mlops.junit.ModelAssertions} checks an evaluation report in AssertJ style, deciding on
 * intervals and showing the slice table when a check fails.
 *
 * <pre>{@code
 * @ExtendWith(MlopsExtension.class)
 * class ModelQualityTest {
 *   @Test
 *   void aucHoldsOnEveryRegion(@TempStore Mlops mlops) {
 *     EvaluationReport report = ...;
 *     ModelAssertions.assertThat(report)
 *         .metric("roc_auc").onEverySliceOfAtLeast(100).hasLowerBoundAbove(0.85);
 *   }
 * }
 * }</pre>
 */
@NullMarked
package dev.mlops.junit;

import org.jspecify.annotations.NullMarked;
