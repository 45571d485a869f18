/**
 * Readers and writers that turn CSV and JSON-lines files into {@link dev.mlops.api.table.Table}s
 * and back: {@link dev.mlops.io.CsvTableReader} / {@link dev.mlops.io.CsvTableWriter} (a
 * hand-written streaming RFC 4180 tokenizer, exact doubles, dictionary-encoded categories, the
 * dialect and typing rules of {@link dev.mlops.io.CsvOptions}) and {@link
 * dev.mlops.io.JsonLinesTableReader} / {@link dev.mlops.io.JsonLinesTableWriter} (Jackson's
 * token-level parser). Bad input is reported with file, line and column, or set aside with {@code
 * readCollecting}.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package dev.mlops.io;

import org.jspecify.annotations.NullMarked;
