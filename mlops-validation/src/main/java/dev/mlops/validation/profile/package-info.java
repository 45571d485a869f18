/**
 * Mergeable data profiles: per-column counters, moments and Apache DataSketches sketches (KLL
 * quantiles, HLL distinct counts, frequent items) behind our own classes and formats; their binary
 * and JSON serialization; the {@code mlops profile} JSON; and drift between two profiles without
 * raw data ({@link dev.mlops.validation.profile.SketchDrift}).
 *
 * <p>DataSketches types never appear in a public signature here: {@link
 * dev.mlops.validation.profile.QuantileSketch}, {@link dev.mlops.validation.profile.DistinctSketch}
 * and {@link dev.mlops.validation.profile.FrequentItems} wrap them, and {@link
 * dev.mlops.validation.profile.ProfileBinaryFormat} / {@link
 * dev.mlops.validation.profile.ProfileJsonFormat} frame their images with our own format id,
 * version and encoding tags.
 */
@NullMarked
package dev.mlops.validation.profile;

import org.jspecify.annotations.NullMarked;
