/**
 * Permutation feature importance for any model given as a function from a {@link
 * dev.mlops.api.table.Table} to one score or prediction per row: {@link
 * dev.mlops.validation.importance.PermutationImportance} shuffles one feature column at a time,
 * seeded, and reports how much a metric of the metrics package drops, with a t-interval over the
 * repeats and the features ranked.
 */
@NullMarked
package dev.mlops.validation.importance;

import org.jspecify.annotations.NullMarked;
