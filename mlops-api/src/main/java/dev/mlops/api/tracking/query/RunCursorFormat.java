package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The binary layout of an encoded {@link RunCursor}, and its Base64url text form (no padding).
 * Integers are unsigned and big-endian; text is a u16 byte length and strict UTF-8.
 *
 * <pre>
 * offset  size  field
 * 0       u8    family id 0x52 ('R', run cursor)
 * 1       u8    format version, 1
 * 2       u8    n: the number of order keys, 0..10
 * then n entries:
 *         u8    field kind: 1 params, 2 metrics, 3 tags, 4 attributes
 *         ...   kinds 1-3: the key as text; kind 4: u8 attribute code:
 *               1 run_id, 2 run_name, 3 status, 4 start_time, 5 end_time,
 *               6 experiment_id, 7 parent_run_id
 *         u8    direction: 0 ASC, 1 DESC
 *         u8    sort value: 0 missing, 1 number, 2 text
 *         ...   number: 8 bytes IEEE 754 binary64; text: the text
 * then    ...   the run id as text
 * end     nothing may follow
 * </pre>
 *
 * <p>Readers accept versions 1 to {@link #CURRENT_VERSION} and reject newer ones with a message
 * that asks for an upgrade. Codes are fixed here, never taken from enum ordinals.
 */
final class RunCursorFormat {
  static final int FAMILY_ID = 0x52;
  static final int CURRENT_VERSION = 1;

  private static final int PARAM = 1;
  private static final int METRIC = 2;
  private static final int TAG = 3;
  private static final int ATTRIBUTE = 4;

  private static final int MISSING = 0;
  private static final int NUMBER = 1;
  private static final int TEXT = 2;

  private static final int MAX_U16 = 0xFFFF;

  private RunCursorFormat() {}

  static String encode(RunCursor cursor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(FAMILY_ID);
    out.write(CURRENT_VERSION);
    out.write(cursor.orderBy().size());
    for (int i = 0; i < cursor.orderBy().size(); i++) {
      OrderBy order = cursor.orderBy().get(i);
      writeField(out, order.field());
      out.write(order.direction() == OrderBy.Direction.ASC ? 0 : 1);
      SortValue value = cursor.values().get(i);
      if (value instanceof SortValue.NumberValue number) {
        out.write(NUMBER);
        long bits = Double.doubleToLongBits(number.value());
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (bits >>> shift) & 0xFF);
        }
      } else if (value instanceof SortValue.TextValue text) {
        out.write(TEXT);
        writeText(out, text.value());
      } else {
        out.write(MISSING);
      }
    }
    writeText(out, cursor.runId());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  private static void writeField(ByteArrayOutputStream out, Field field) {
    if (field instanceof Field.ParamField p) {
      out.write(PARAM);
      writeText(out, p.key());
    } else if (field instanceof Field.MetricField m) {
      out.write(METRIC);
      writeText(out, m.key());
    } else if (field instanceof Field.TagField t) {
      out.write(TAG);
      writeText(out, t.key());
    } else {
      out.write(ATTRIBUTE);
      out.write(attributeCode(((Field.AttributeField) field).attribute()));
    }
  }

  private static void writeText(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    // Keys, ids and values are validated: at most 8,000 characters, so at most 24,000 bytes.
    out.write(bytes.length >>> 8);
    out.write(bytes.length & 0xFF);
    out.write(bytes, 0, bytes.length);
  }

  private static int attributeCode(Attribute attribute) {
    return switch (attribute) {
      case RUN_ID -> 1;
      case RUN_NAME -> 2;
      case STATUS -> 3;
      case START_TIME -> 4;
      case END_TIME -> 5;
      case EXPERIMENT_ID -> 6;
      case PARENT_RUN_ID -> 7;
    };
  }

  private static Attribute attribute(int code) {
    return switch (code) {
      case 1 -> Attribute.RUN_ID;
      case 2 -> Attribute.RUN_NAME;
      case 3 -> Attribute.STATUS;
      case 4 -> Attribute.START_TIME;
      case 5 -> Attribute.END_TIME;
      case 6 -> Attribute.EXPERIMENT_ID;
      case 7 -> Attribute.PARENT_RUN_ID;
      default -> throw invalid("unknown attribute code " + code);
    };
  }

  static RunCursor decode(String token) {
    if (token.length() > RunCursor.MAX_ENCODED_LENGTH) {
      throw invalid(
          "it is "
              + token.length()
              + " characters long; the limit is "
              + RunCursor.MAX_ENCODED_LENGTH);
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "cursor", -1, message("it is not Base64url text (" + e.getMessage() + ")"), e);
    }
    if (bytes.length >= 2
        && (bytes[0] & 0xFF) == FAMILY_ID
        && (bytes[1] & 0xFF) > CURRENT_VERSION) {
      throw InvalidInputException.of(
          "cursor",
          "run cursor format version "
              + (bytes[1] & 0xFF)
              + " is newer than this library (supports ≤ "
              + CURRENT_VERSION
              + "); upgrade mlops");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return read(in);
    } catch (BufferUnderflowException e) {
      throw new InvalidInputException("cursor", -1, message("it is truncated"), e);
    } catch (InvalidInputException | IllegalArgumentException e) {
      if (e instanceof InvalidInputException && String.valueOf(e.getMessage()).startsWith(PREFIX)) {
        throw e;
      }
      throw new InvalidInputException("cursor", -1, message(String.valueOf(e.getMessage())), e);
    }
  }

  private static RunCursor read(ByteBuffer in) {
    int family = u8(in);
    if (family != FAMILY_ID) {
      throw invalid("it does not start with the run cursor family id");
    }
    int version = u8(in);
    if (version < 1) {
      throw invalid("format version 0 does not exist");
    }
    int n = u8(in);
    if (n > RunQuery.MAX_ORDER_BY) {
      throw invalid("it has " + n + " order keys; the limit is " + RunQuery.MAX_ORDER_BY);
    }
    List<OrderBy> order = new ArrayList<>(n);
    List<SortValue> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Field field = readField(in);
      int direction = u8(in);
      if (direction > 1) {
        throw invalid("unknown direction code " + direction);
      }
      order.add(
          new OrderBy(field, direction == 0 ? OrderBy.Direction.ASC : OrderBy.Direction.DESC));
      int tag = u8(in);
      values.add(
          switch (tag) {
            case MISSING -> SortValue.missing();
            case NUMBER -> SortValue.of(in.getDouble());
            case TEXT -> SortValue.of(readText(in));
            default -> throw invalid("unknown sort value code " + tag);
          });
    }
    String runId = readText(in);
    if (in.hasRemaining()) {
      throw invalid(in.remaining() + " bytes follow the run id");
    }
    return new RunCursor(order, values, runId);
  }

  private static Field readField(ByteBuffer in) {
    int kind = u8(in);
    return switch (kind) {
      case PARAM -> new Field.ParamField(readText(in));
      case METRIC -> new Field.MetricField(readText(in));
      case TAG -> new Field.TagField(readText(in));
      case ATTRIBUTE -> new Field.AttributeField(attribute(u8(in)));
      default -> throw invalid("unknown field kind " + kind);
    };
  }

  private static String readText(ByteBuffer in) {
    int length = ((in.get() & 0xFF) << 8) | (in.get() & 0xFF);
    if (length > in.remaining() || length > MAX_U16) {
      throw invalid("a text of " + length + " bytes runs past the end");
    }
    ByteBuffer slice = in.slice();
    slice.limit(length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("cursor", -1, message("a text is not UTF-8"), e);
    }
  }

  private static int u8(ByteBuffer in) {
    return in.get() & 0xFF;
  }

  private static final String PREFIX = "run cursor is not valid: ";

  private static String message(String reason) {
    return PREFIX
        + reason
        + "; pass the cursor exactly as a page returned it, or start from the first page";
  }

  private static InvalidInputException invalid(String reason) {
    return InvalidInputException.of("cursor", message(reason));
  }
}
