/**
 * Data schemas and checks: a {@link dev.mlops.validation.schema.Schema} says what a table must look
 * like (per column type, missing values, numeric range, allowed categories, regex, uniqueness;
 * row-count bounds; each with severity WARN or FAIL; training-serving skew thresholds), {@link
 * dev.mlops.validation.schema.SchemaInference} suggests one from a table (TFDV's {@code
 * infer_schema}, Deequ's constraint suggestion with an optional held-out split), {@link
 * dev.mlops.validation.schema.SchemaValidator} checks a table against it and {@link
 * dev.mlops.validation.schema.ValidationJson} prints the {@code mlops validate} JSON. {@link
 * dev.mlops.validation.schema.SchemaJson} reads and writes schemas; {@link
 * dev.mlops.validation.schema.SchemaArtifacts} stores them through an {@link
 * dev.mlops.api.artifact.ArtifactRepository}. {@link
 * dev.mlops.validation.schema.TrainingServingSkew} compares serving data with training data under
 * the schema's skew thresholds.
 */
@NullMarked
package dev.mlops.validation.schema;

import org.jspecify.annotations.NullMarked;
