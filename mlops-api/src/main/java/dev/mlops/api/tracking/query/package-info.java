/**
 * The run-search query language: its AST ({@link dev.mlops.api.tracking.query.RunFilter}, {@link
 * dev.mlops.api.tracking.query.Field}, {@link dev.mlops.api.tracking.query.Literal}, {@link
 * dev.mlops.api.tracking.query.OrderBy}), the query with paging ({@link
 * dev.mlops.api.tracking.query.RunQuery}, {@link dev.mlops.api.tracking.query.RunCursor}), the
 * parser and the canonical printer. Storage backends take the parsed AST; SQL backends translate it
 * with bound parameters only, so no text of a query ever becomes SQL text. The meaning every
 * backend implements (three-valued logic, LIKE and ILIKE, ordering with missing keys last) is
 * stated on {@link dev.mlops.api.tracking.query.RunFilter} and {@link
 * dev.mlops.api.tracking.query.OrderBy}.
 *
 * <p>Every type here is immutable and thread-safe, and null-marked: parameters and results are
 * non-null unless annotated {@code @Nullable}.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.parse("""
 *     metrics.accuracy > 0.9 AND params.optimizer = 'adam'
 *       AND NOT tags.stage ILIKE 'prod%'
 *     OR (attributes.status IN ('FINISHED', 'FAILED') AND attributes.start_time >= 1700000000000)
 *     ORDER BY metrics.accuracy DESC, attributes.start_time ASC""");
 * }</pre>
 *
 * <h2>Grammar</h2>
 *
 * <p>Keywords, field prefixes and attribute names are case-insensitive (ASCII letters only); keys
 * and strings are case-sensitive. Whitespace is space, tab, CR and LF. {@code NOT} binds tighter
 * than {@code AND}, {@code AND} tighter than {@code OR}. {@link
 * dev.mlops.api.tracking.query.RunQuery#toQueryString()} prints the canonical form: upper-case
 * keywords, plural prefixes, every direction written, parentheses only where needed.
 *
 * <pre>
 * query      = [ filter ] [ "ORDER" "BY" order { "," order } ] ;
 * filter     = and { "OR" and } ;
 * and        = not { "AND" not } ;
 * not        = "NOT" not | primary ;
 * primary    = "(" filter ")" | predicate ;
 * predicate  = field compare value
 *            | field [ "NOT" ] ( "LIKE" | "ILIKE" ) string
 *            | field [ "NOT" ] "IN" "(" value { "," value } ")"
 *            | field "IS" [ "NOT" ] "NULL" ;
 * compare    = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ;
 * order      = field [ "ASC" | "DESC" ] ;
 * field      = prefix "." ( barekey | "`" quotedkey "`" ) ;
 * prefix     = "params" | "param" | "metrics" | "metric" | "tags" | "tag"
 *            | "attributes" | "attribute" | "attr" ;
 * barekey    = keychar { keychar } ;             (* keychar: A-Z a-z 0-9 _ . - *)
 * quotedkey  = { any character but "`" } ;        (* then checked by Names.requireKey *)
 * value      = string | number | "TRUE" | "FALSE" ;
 * string     = "'" { any character but "'" | "''" } "'" ;
 * number     = [ "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ] ;
 * digits     = digit { digit } ;                 (* digit: 0-9 *)
 * </pre>
 *
 * <p>After {@code attributes.} comes one of {@code run_id}, {@code run_name}, {@code status},
 * {@code start_time}, {@code end_time}, {@code experiment_id}, {@code parent_run_id}. The type
 * rules (checked by the parser with the offending position, and by the records' constructors):
 * metrics and the times compare with numbers, by every operator and IN; tags and text attributes
 * with strings by {@code =}, {@code !=}, LIKE, ILIKE and IN; the status with status names ({@code
 * 'finished'} is read as {@code 'FINISHED'}) by {@code =}, {@code !=} and IN; parameters with
 * strings, numbers or booleans by {@code =}, {@code !=} and IN, with numbers by the ordering
 * operators, and by LIKE and ILIKE. The values of one IN list share one type. There are no NaN or
 * infinite literals, no double-quoted strings and no comments. Limits: {@value
 * dev.mlops.api.tracking.query.RunQuery#MAX_QUERY_LENGTH} characters, {@value
 * dev.mlops.api.tracking.query.RunFilter#MAX_DEPTH} levels of parentheses and NOT, {@value
 * dev.mlops.api.tracking.query.RunFilter#MAX_IN_VALUES} values per IN list, {@value
 * dev.mlops.api.tracking.query.RunQuery#MAX_ORDER_BY} order keys, strings of {@value
 * dev.mlops.api.Names#MAX_VALUE_LENGTH} characters.
 */
@NullMarked
package dev.mlops.api.tracking.query;

import org.jspecify.annotations.NullMarked;
