package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The tokenizer and recursive-descent parser of the run-search language (grammar in the package
 * documentation). Single use, not thread-safe; the static entry points create one per call.
 *
 * <p>Never throws anything but {@link QueryParseException} (and NPE for a null text): every AST
 * constructor runs inside {@link #build}, which turns its exception into a positioned one. The
 * recursion is bounded by {@link RunFilter#MAX_DEPTH}, and tokenizing is a single forward pass, so
 * no input can exhaust the stack or take more than linear time.
 */
final class QueryParser {
  private enum Type {
    EOF,
    WORD,
    FIELD,
    STRING,
    NUMBER,
    LPAREN,
    RPAREN,
    COMMA,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  private static final Set<String> KEYWORDS =
      Set.of(
          "AND", "OR", "NOT", "LIKE", "ILIKE", "IN", "IS", "NULL", "TRUE", "FALSE", "ORDER", "BY",
          "ASC", "DESC");

  private static final String ATTRIBUTE_NAMES =
      Arrays.stream(Attribute.values()).map(Attribute::queryName).collect(Collectors.joining(", "));

  private static final String OPERATORS = "=, !=, <>, <, <=, >, >=, LIKE, ILIKE, IN or IS NULL";

  /** One token: its type and span, and what it carries. */
  private static final class Token {
    final Type type;
    final int start;
    final int end;

    /** The word of a WORD, the key of a FIELD, the value of a STRING. */
    String value = "";

    /** The prefix of a FIELD, as written. */
    String prefix = "";

    /** Where the key of a FIELD starts (inside the backticks if any). */
    int keyStart;

    /** The value of a NUMBER. */
    double number;

    Token(Type type, int start, int end) {
      this.type = type;
      this.start = start;
      this.end = end;
    }
  }

  private final String text;
  private int pos;
  private Token ahead;
  private boolean hasAhead;
  private Token previous;

  /** The token before the first: {@link #previous} until something is consumed. */
  private final Token beginning = new Token(Type.EOF, 0, 0);

  private int depth;

  private QueryParser(String text) {
    this.text = text;
    this.previous = beginning;
    this.ahead = beginning;
  }

  static RunQuery parseQuery(String text) {
    Objects.requireNonNull(text, "text");
    QueryParser parser = new QueryParser(text);
    RunFilter filter = parser.filterPart();
    List<OrderBy> order = parser.orderPart(true);
    parser.end(order.isEmpty());
    return parser.build(
        parser.previous, () -> new RunQuery(filter, order, RunQuery.DEFAULT_PAGE_SIZE, null));
  }

  static RunFilter parseFilter(String text) {
    Objects.requireNonNull(text, "text");
    QueryParser parser = new QueryParser(text);
    RunFilter filter = parser.filterPart();
    parser.orderPart(false);
    parser.end(true);
    return filter;
  }

  // ---------------------------------------------------------------- grammar

  private RunFilter filterPart() {
    if (text.length() > RunQuery.MAX_QUERY_LENGTH) {
      throw error(
          "the query is "
              + text.length()
              + " characters long; the limit is "
              + RunQuery.MAX_QUERY_LENGTH,
          RunQuery.MAX_QUERY_LENGTH);
    }
    Token t = peek();
    if (t.type == Type.EOF || isKeyword(t, "ORDER")) {
      return RunFilter.all();
    }
    return or();
  }

  private List<OrderBy> orderPart(boolean allowed) {
    Token order = peek();
    if (!isKeyword(order, "ORDER")) {
      return List.of();
    }
    if (!allowed) {
      throw error(
          "ORDER BY is not part of a filter; parse the whole text with RunQuery.parse", order);
    }
    next();
    Token by = next();
    if (!isKeyword(by, "BY")) {
      throw error("expected BY after ORDER but found " + describe(by), by);
    }
    List<OrderBy> items = new ArrayList<>();
    Token after = by;
    while (true) {
      Token f = next();
      if (f.type != Type.FIELD) {
        throw error(
            "expected a field to order by after " + describe(after) + " but found " + describe(f),
            f);
      }
      Field field = field(f);
      OrderBy.Direction direction = OrderBy.Direction.ASC;
      if (isKeyword(peek(), "ASC")) {
        next();
      } else if (isKeyword(peek(), "DESC")) {
        next();
        direction = OrderBy.Direction.DESC;
      }
      for (OrderBy existing : items) {
        if (existing.field().equals(field)) {
          throw error(
              QueryPrinter.field(field) + " appears twice in ORDER BY; keep one of them", f);
        }
      }
      if (items.size() == RunQuery.MAX_ORDER_BY) {
        throw error("ORDER BY takes at most " + RunQuery.MAX_ORDER_BY + " fields", f);
      }
      items.add(new OrderBy(field, direction));
      if (peek().type != Type.COMMA) {
        return items;
      }
      after = next();
    }
  }

  private void end(boolean afterCondition) {
    Token t = peek();
    if (t.type == Type.EOF) {
      return;
    }
    if (t.type == Type.RPAREN) {
      throw error("unexpected ')': no '(' is open", t);
    }
    if (!afterCondition) {
      throw error(
          "unexpected " + describe(t) + " after the ORDER BY list; separate fields with ','", t);
    }
    throw error(
        "unexpected "
            + describe(t)
            + " after a complete condition; join conditions with AND or OR, or start the order"
            + " with ORDER BY",
        t);
  }

  private RunFilter or() {
    RunFilter first = and();
    if (!isKeyword(peek(), "OR")) {
      return first;
    }
    Token at = peek();
    List<RunFilter> operands = new ArrayList<>();
    operands.add(first);
    while (isKeyword(peek(), "OR")) {
      next();
      operands.add(and());
    }
    return build(at, () -> new RunFilter.Or(operands));
  }

  private RunFilter and() {
    RunFilter first = not();
    if (!isKeyword(peek(), "AND")) {
      return first;
    }
    Token at = peek();
    List<RunFilter> operands = new ArrayList<>();
    operands.add(first);
    while (isKeyword(peek(), "AND")) {
      next();
      operands.add(not());
    }
    return build(at, () -> new RunFilter.And(operands));
  }

  private RunFilter not() {
    Token t = peek();
    if (!isKeyword(t, "NOT")) {
      return primary();
    }
    next();
    enter(t);
    RunFilter operand = not();
    depth--;
    return build(t, () -> new RunFilter.Not(operand));
  }

  private RunFilter primary() {
    Token prior = previous;
    Token t = next();
    if (t.type == Type.LPAREN) {
      enter(t);
      RunFilter inner = or();
      Token close = next();
      if (close.type != Type.RPAREN) {
        throw error(
            "the '(' at position "
                + t.start
                + " is not closed: expected ')' but found "
                + describe(close),
            close);
      }
      depth--;
      return inner;
    }
    if (t.type == Type.FIELD) {
      return predicate(t);
    }
    if (t.type == Type.WORD && !isKeyword(t)) {
      if (Attribute.fromQueryName(t.value).isPresent()) {
        throw error(
            "unknown field '" + t.value + "'; write attributes." + t.value.toLowerCase(Locale.ROOT),
            t);
      }
      throw error(
          "unknown field '"
              + t.value
              + "'; a field is params.<key>, metrics.<key>, tags.<key> or attributes.<name>",
          t);
    }
    String after = prior == beginning ? "" : " after " + describe(prior);
    throw error(
        "expected a condition (such as metrics.accuracy > 0.9)"
            + after
            + " but found "
            + describe(t),
        t);
  }

  private RunFilter predicate(Token fieldToken) {
    Field field = field(fieldToken);
    Token op = next();
    Operator operator = operator(op.type);
    if (operator != null) {
      fail(Rules.operatorProblem(field, operator), op);
      Token v = next();
      Literal value = literal(v, op, field);
      fail(Rules.literalProblem(field, operator, value), v);
      return build(op, () -> new RunFilter.Compare(field, operator, value));
    }
    if (isKeyword(op, "LIKE") || isKeyword(op, "ILIKE")) {
      return like(field, op, false);
    }
    if (isKeyword(op, "IN")) {
      return in(field, op, false);
    }
    if (isKeyword(op, "IS")) {
      Token t = next();
      boolean negated = isKeyword(t, "NOT");
      if (negated) {
        t = next();
      }
      if (!isKeyword(t, "NULL")) {
        throw error("expected NULL or NOT NULL after IS but found " + describe(t), t);
      }
      return new RunFilter.IsNull(field, negated);
    }
    if (isKeyword(op, "NOT")) {
      Token t = next();
      if (isKeyword(t, "LIKE") || isKeyword(t, "ILIKE")) {
        return like(field, t, true);
      }
      if (isKeyword(t, "IN")) {
        return in(field, t, true);
      }
      throw error("expected LIKE, ILIKE or IN after NOT but found " + describe(t), t);
    }
    throw error(
        "expected an operator ("
            + OPERATORS
            + ") after "
            + QueryPrinter.field(field)
            + " but found "
            + describe(op),
        op);
  }

  private RunFilter like(Field field, Token op, boolean negated) {
    boolean caseInsensitive = isKeyword(op, "ILIKE");
    fail(Rules.likeProblem(field, caseInsensitive), op);
    Token p = next();
    if (p.type != Type.STRING) {
      throw error(
          (caseInsensitive ? "ILIKE" : "LIKE")
              + " needs a quoted pattern such as 'prod%' but found "
              + describe(p),
          p);
    }
    int bad = Rules.patternProblemIndex(p.value);
    if (bad >= 0) {
      throw error(Rules.PATTERN_PROBLEM, sourceIndex(p, bad));
    }
    return build(p, () -> new RunFilter.Like(field, p.value, caseInsensitive, negated));
  }

  private RunFilter in(Field field, Token in, boolean negated) {
    Token open = next();
    if (open.type != Type.LPAREN) {
      throw error("expected '(' after IN but found " + describe(open), open);
    }
    List<Literal> values = new ArrayList<>();
    Token after = open;
    while (true) {
      Token v = next();
      if (v.type == Type.RPAREN && values.isEmpty()) {
        throw error("IN needs at least one value", v);
      }
      Literal value = literal(v, after, field);
      fail(Rules.literalProblem(field, Operator.EQ, value), v);
      if (!values.isEmpty() && values.get(0).getClass() != value.getClass()) {
        throw error(
            "all values of IN must be of one type, but "
                + Rules.describe(values.get(0))
                + " and "
                + Rules.describe(value)
                + " differ",
            v);
      }
      if (values.size() == RunFilter.MAX_IN_VALUES) {
        throw error("IN takes at most " + RunFilter.MAX_IN_VALUES + " values", v);
      }
      values.add(value);
      Token separator = next();
      if (separator.type == Type.RPAREN) {
        return build(in, () -> new RunFilter.In(field, values, negated));
      }
      if (separator.type != Type.COMMA) {
        throw error(
            "expected ',' or ')' in the IN list but found " + describe(separator), separator);
      }
      after = separator;
    }
  }

  private Literal literal(Token v, Token after, Field field) {
    switch (v.type) {
      case STRING -> {
        String value = v.value;
        if (Rules.kind(field) == Rules.Kind.STATUS) {
          value = statusName(value);
        }
        String s = value;
        return build(v, () -> new Literal.StringLiteral(s));
      }
      case NUMBER -> {
        return build(v, () -> new Literal.NumberLiteral(v.number));
      }
      case WORD -> {
        if (isKeyword(v, "TRUE") || isKeyword(v, "FALSE")) {
          return new Literal.BooleanLiteral(isKeyword(v, "TRUE"));
        }
        if (isKeyword(v, "NULL")) {
          throw error(
              "a comparison with NULL is never true; test absence with IS NULL or presence with"
                  + " IS NOT NULL",
              v);
        }
        String upper = v.value.toUpperCase(Locale.ROOT);
        if (upper.equals("NAN") || upper.equals("INFINITY") || upper.equals("INF")) {
          throw error(
              "NaN and Infinity are not values: a comparison with NaN is never true; test"
                  + " presence with IS NULL or IS NOT NULL",
              v);
        }
        if (!isKeyword(v)) {
          throw error(
              "expected a value after "
                  + describe(after)
                  + " but found "
                  + describe(v)
                  + "; quote text: "
                  + QueryPrinter.quote(v.value),
              v);
        }
        throw error("expected a value after " + describe(after) + " but found " + describe(v), v);
      }
      case FIELD ->
          throw error(
              "expected a value after "
                  + describe(after)
                  + " but found the field "
                  + source(v)
                  + "; a field compares with a value, not with another field",
              v);
      default ->
          throw error("expected a value after " + describe(after) + " but found " + describe(v), v);
    }
  }

  /** Accepts a status name in any ASCII case; anything else is left for the type rule. */
  private static String statusName(String value) {
    for (RunStatus status : RunStatus.values()) {
      if (status.name().equalsIgnoreCase(value) && isAscii(value)) {
        return status.name();
      }
    }
    return value;
  }

  private Field field(Token t) {
    String prefix = t.prefix.toLowerCase(Locale.ROOT);
    switch (prefix) {
      case "params", "param" -> {
        return build(t.keyStart, () -> new Field.ParamField(t.value));
      }
      case "metrics", "metric" -> {
        return build(t.keyStart, () -> new Field.MetricField(t.value));
      }
      case "tags", "tag" -> {
        return build(t.keyStart, () -> new Field.TagField(t.value));
      }
      case "attributes", "attribute", "attr" -> {
        Attribute attribute =
            Attribute.fromQueryName(t.value)
                .orElseThrow(
                    () ->
                        error(
                            "unknown attribute '"
                                + abbreviate(t.value)
                                + "'; use one of "
                                + ATTRIBUTE_NAMES,
                            t.keyStart));
        return new Field.AttributeField(attribute);
      }
      default ->
          throw error(
              "unknown field prefix '"
                  + abbreviate(t.prefix)
                  + "'; use params., metrics., tags. or attributes.",
              t);
    }
  }

  private static @Nullable Operator operator(Type type) {
    return switch (type) {
      case EQ -> Operator.EQ;
      case NE -> Operator.NE;
      case LT -> Operator.LT;
      case LE -> Operator.LE;
      case GT -> Operator.GT;
      case GE -> Operator.GE;
      default -> null;
    };
  }

  private void enter(Token t) {
    depth++;
    if (depth > RunFilter.MAX_DEPTH) {
      throw error(
          "the query nests more than "
              + RunFilter.MAX_DEPTH
              + " levels of parentheses and NOT; simplify it",
          t);
    }
  }

  // ---------------------------------------------------------------- tokens

  private Token peek() {
    if (!hasAhead) {
      ahead = lex();
      hasAhead = true;
    }
    return ahead;
  }

  private Token next() {
    Token t = peek();
    hasAhead = false;
    previous = t;
    return t;
  }

  private Token lex() {
    int n = text.length();
    while (pos < n && isSpace(text.charAt(pos))) {
      pos++;
    }
    if (pos >= n) {
      return new Token(Type.EOF, n, n);
    }
    int start = pos;
    char c = text.charAt(pos);
    char c1 = pos + 1 < n ? text.charAt(pos + 1) : '\0';
    switch (c) {
      case '(' -> {
        return symbol(Type.LPAREN, 1);
      }
      case ')' -> {
        return symbol(Type.RPAREN, 1);
      }
      case ',' -> {
        return symbol(Type.COMMA, 1);
      }
      case '=' -> {
        if (c1 == '=') {
          throw error("unexpected '=='; write = for equality", start);
        }
        return symbol(Type.EQ, 1);
      }
      case '!' -> {
        if (c1 == '=') {
          return symbol(Type.NE, 2);
        }
        throw error("unexpected '!'; write != for 'not equal' and NOT for negation", start);
      }
      case '<' -> {
        if (c1 == '=') {
          return symbol(Type.LE, 2);
        }
        return c1 == '>' ? symbol(Type.NE, 2) : symbol(Type.LT, 1);
      }
      case '>' -> {
        return c1 == '=' ? symbol(Type.GE, 2) : symbol(Type.GT, 1);
      }
      case '\'' -> {
        return string();
      }
      case '"' ->
          throw error(
              "strings are written in single quotes, as in 'adam'; double quotes are not accepted",
              start);
      case '`' ->
          throw error(
              "a backtick key must follow a field prefix, as in metrics.`train/loss`", start);
      default -> {
        // handled below
      }
    }
    if (isDigit(c) || (c == '-' && isDigit(c1))) {
      return number();
    }
    if (c == '-') {
      throw error(
          c1 == '-'
              ? "comments ('--') are not part of the query language"
              : "expected a digit after '-'",
          start);
    }
    if (c == '/' && c1 == '*') {
      throw error("comments ('/*') are not part of the query language", start);
    }
    if (isLetter(c)) {
      return word();
    }
    throw error("unexpected character " + describeChar(start), start);
  }

  private Token symbol(Type type, int length) {
    Token t = new Token(type, pos, pos + length);
    pos += length;
    return t;
  }

  private Token word() {
    int start = pos;
    int n = text.length();
    while (pos < n && isWordChar(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    if (pos >= n || text.charAt(pos) != '.') {
      Token t = new Token(Type.WORD, start, pos);
      t.value = word;
      return t;
    }
    pos++; // the dot
    String key;
    int keyStart;
    if (pos < n && text.charAt(pos) == '`') {
      int close = text.indexOf('`', pos + 1);
      if (close < 0) {
        throw error("unterminated backtick key; close it with '`'", pos);
      }
      keyStart = pos + 1;
      key = text.substring(keyStart, close);
      pos = close + 1;
    } else {
      keyStart = pos;
      while (pos < n && QueryPrinter.isBareKeyChar(text.charAt(pos))) {
        pos++;
      }
      key = text.substring(keyStart, pos);
      if (key.isEmpty()) {
        throw error(
            "expected a key after '"
                + word
                + ".'; write a key with characters other than letters, digits, '_', '.' and '-'"
                + " in backticks, as in metrics.`train/loss`",
            keyStart);
      }
    }
    Token t = new Token(Type.FIELD, start, pos);
    t.prefix = word;
    t.value = key;
    t.keyStart = keyStart;
    return t;
  }

  private Token number() {
    int start = pos;
    int n = text.length();
    if (text.charAt(pos) == '-') {
      pos++;
    }
    skipDigits();
    if (pos < n && text.charAt(pos) == '.') {
      pos++;
      if (pos >= n || !isDigit(text.charAt(pos))) {
        throw error("expected a digit after the decimal point", pos);
      }
      skipDigits();
    }
    if (pos < n && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (pos < n && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos >= n || !isDigit(text.charAt(pos))) {
        throw error("expected the digits of the exponent", pos);
      }
      skipDigits();
    }
    if (pos < n && (isWordChar(text.charAt(pos)) || text.charAt(pos) == '.')) {
      throw error("malformed number; write numbers as 42, -0.5 or 1.5e-3, and quote text", start);
    }
    double value = Double.parseDouble(text.substring(start, pos));
    if (Double.isInfinite(value)) {
      throw error(
          "the number is out of range; the largest magnitude is " + Double.MAX_VALUE, start);
    }
    Token t = new Token(Type.NUMBER, start, pos);
    t.number = value;
    return t;
  }

  private void skipDigits() {
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  private Token string() {
    int start = pos;
    int n = text.length();
    StringBuilder b = new StringBuilder();
    int i = start + 1;
    while (true) {
      if (i >= n) {
        throw error("unterminated string; close it with a single quote (')", start);
      }
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < n && text.charAt(i + 1) == '\'') {
          b.append('\'');
          i += 2;
          continue;
        }
        i++;
        break;
      }
      if (c == '\0') {
        throw error("a string must not contain NUL (U+0000)", i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        b.append(c).append(text.charAt(i + 1));
        i += 2;
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw error("a string must not contain an unpaired surrogate; it is not text", i);
      }
      b.append(c);
      i++;
    }
    pos = i;
    if (b.length() > Names.MAX_VALUE_LENGTH) {
      throw error(
          "the string is "
              + b.length()
              + " characters long; the limit is "
              + Names.MAX_VALUE_LENGTH,
          start);
    }
    Token t = new Token(Type.STRING, start, pos);
    t.value = b.toString();
    return t;
  }

  /** The source index of a string token's {@code valueIndex}-th character. */
  private int sourceIndex(Token string, int valueIndex) {
    int i = string.start + 1;
    for (int v = 0; v < valueIndex; v++) {
      i += text.charAt(i) == '\'' ? 2 : 1;
    }
    return i;
  }

  // ---------------------------------------------------------------- helpers

  private static boolean isKeyword(Token t, String keyword) {
    return t.type == Type.WORD && t.value.equalsIgnoreCase(keyword);
  }

  private static boolean isKeyword(Token t) {
    return t.type == Type.WORD && KEYWORDS.contains(t.value.toUpperCase(Locale.ROOT));
  }

  private String describe(Token t) {
    return switch (t.type) {
      case EOF -> "the end of the query";
      case WORD ->
          isKeyword(t) ? t.value.toUpperCase(Locale.ROOT) : "'" + abbreviate(t.value) + "'";
      case FIELD -> abbreviate(source(t));
      case STRING -> "the string " + abbreviate(source(t));
      case NUMBER -> "the number " + abbreviate(source(t));
      default -> "'" + source(t) + "'";
    };
  }

  private String source(Token t) {
    return text.substring(t.start, t.end);
  }

  private String describeChar(int index) {
    int cp = text.codePointAt(index);
    String hex = String.format(Locale.ROOT, "U+%04X", cp);
    if (cp < 0x20 || cp == 0x7f || (cp >= 0xD800 && cp <= 0xDFFF) || !Character.isDefined(cp)) {
      return hex;
    }
    String ch = new String(Character.toChars(cp));
    String hint =
        cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D
            ? "; strings use the ASCII single quote (')"
            : "";
    return cp < 0x80 ? "'" + ch + "'" : "'" + ch + "' (" + hex + ")" + hint;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_';
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void fail(@Nullable String problem, Token at) {
    if (problem != null) {
      throw error(problem, at);
    }
  }

  private <R> R build(Token at, Supplier<R> constructor) {
    return build(at.start, constructor);
  }

  private <R> R build(int at, Supplier<R> constructor) {
    try {
      return constructor.get();
    } catch (InvalidInputException | IllegalArgumentException e) {
      String message = e.getMessage();
      throw error(message == null ? "invalid query" : message, at);
    }
  }

  private QueryParseException error(String reason, Token at) {
    return error(reason, at.start);
  }

  private QueryParseException error(String reason, int at) {
    return new QueryParseException(reason, text, at);
  }
}
