/**
 * Comparisons between models and between groups: champion versus challenger on the same rows
 * ({@link dev.mlops.validation.compare.ModelComparison}: paired differences with intervals by
 * DeLong, McNemar and the paired bootstrap, and a non-inferiority gate decided on the interval),
 * and fairness across a protected attribute ({@link dev.mlops.validation.compare.Fairness}:
 * demographic parity difference, equal opportunity difference and disparate impact ratio, each with
 * a bootstrap interval, and per-group rates with Wilson intervals).
 */
@NullMarked
package dev.mlops.validation.compare;

import org.jspecify.annotations.NullMarked;
