package org.runnel.shared.json;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A strict JSON (RFC 8259) check run on a request body before JSON-B sees it. JSON-B's parser
 * accepts what the protocol must refuse (data after the value, any nesting depth: 10 000 nested
 * objects end in a {@code StackOverflowError}), so the text is first walked here with a bounded
 * depth: the recursion stops at {@link #MAX_DEPTH} levels, long before the stack could. The walk
 * also refuses duplicate keys, lone UTF-16 surrogates in {@code \\u} escapes, huge numbers and
 * objects or arrays with more than {@link #MAX_MEMBERS} entries, and records the kind of each
 * top-level member so that {@link Json} can refuse a number where a string is expected instead of
 * letting JSON-B coerce it.
 *
 * <p>Errors name the top-level member they occur in (so {@code parameters} nested too deep is
 * reported on {@code parameters}), or {@code body}.
 */
public final class JsonSyntax {

  /** Deepest nesting of objects and arrays accepted. Protocol bodies need 3. */
  public static final int MAX_DEPTH = 64;

  /** Most members of one object, or elements of one array. */
  public static final int MAX_MEMBERS = 10_000;

  /** Longest number literal, in characters. */
  public static final int MAX_NUMBER_CHARS = 64;

  /** What a JSON value is. */
  public enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    BOOLEAN,
    NULL
  }

  /**
   * The outline of a document: the root's kind, the kind of each top-level member (when the root is
   * an object) and the kinds found among the elements of each top-level array member.
   */
  public record Shape(Kind root, Map<String, Kind> members, Map<String, Set<Kind>> elements) {}

  private final String text;
  private int pos;
  private String field = "body";
  private final Map<String, Kind> members = new HashMap<>();
  private final Map<String, Set<Kind>> elements = new HashMap<>();

  private JsonSyntax(String text) {
    this.text = text;
  }

  /**
   * Checks {@code text} is exactly one JSON value within the bounds.
   *
   * @throws InvalidRequestException naming the top-level member (or {@code body}) at fault
   */
  public static Shape scan(String text) {
    JsonSyntax s = new JsonSyntax(text);
    s.skipSpace();
    Kind root = s.value(0, true);
    s.skipSpace();
    if (s.pos < text.length()) {
      s.field = "body";
      throw s.error("Extra data after the JSON value");
    }
    return new Shape(root, Map.copyOf(s.members), Map.copyOf(s.elements));
  }

  private Kind value(int depth, boolean root) {
    if (pos >= text.length()) {
      throw error("Unexpected end of the JSON text");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{' -> {
        object(depth + 1, root);
        return Kind.OBJECT;
      }
      case '[' -> {
        array(depth + 1, root ? null : topLevelArray(depth));
        return Kind.ARRAY;
      }
      case '"' -> {
        string();
        return Kind.STRING;
      }
      case 't' -> {
        literal("true");
        return Kind.BOOLEAN;
      }
      case 'f' -> {
        literal("false");
        return Kind.BOOLEAN;
      }
      case 'n' -> {
        literal("null");
        return Kind.NULL;
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
          return Kind.NUMBER;
        }
        throw error("Expecting a JSON value");
      }
    }
  }

  /** The element-kind set of the top-level member being read, when this array is that member. */
  private Set<Kind> topLevelArray(int depth) {
    return depth == 1 ? elements.computeIfAbsent(field, k -> EnumSet.noneOf(Kind.class)) : null;
  }

  private void object(int depth, boolean root) {
    checkDepth(depth);
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return;
    }
    Set<String> keys = new HashSet<>();
    while (true) {
      if (peek() != '"') {
        throw error("Expecting a property name enclosed in double quotes");
      }
      String key = string();
      if (root) {
        field = key;
      }
      if (!keys.add(key)) {
        throw error("Duplicate key: " + abbreviate(key));
      }
      if (keys.size() > MAX_MEMBERS) {
        throw error("More than " + MAX_MEMBERS + " members in one object");
      }
      skipSpace();
      expect(':');
      skipSpace();
      Kind k = value(depth, false);
      if (root) {
        members.put(key, k);
      }
      skipSpace();
      char c = peek();
      pos++;
      if (c == '}') {
        if (root) {
          field = "body";
        }
        return;
      }
      if (c != ',') {
        pos--;
        throw error("Expecting ',' or '}'");
      }
      skipSpace();
    }
  }

  private void array(int depth, Set<Kind> kinds) {
    checkDepth(depth);
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return;
    }
    int count = 0;
    while (true) {
      if (++count > MAX_MEMBERS) {
        throw error("More than " + MAX_MEMBERS + " elements in one array");
      }
      Kind k = value(depth, false);
      if (kinds != null) {
        kinds.add(k);
      }
      skipSpace();
      char c = peek();
      pos++;
      if (c == ']') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("Expecting ',' or ']'");
      }
      skipSpace();
    }
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("Nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("Unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("Invalid control character in a string");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && pos < text.length()
            && Character.isLowSurrogate(text.charAt(pos))) {
          sb.append(c).append(text.charAt(pos++));
          continue;
        }
        pos--;
        throw error("Invalid character (lone UTF-16 surrogate)");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("Unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          char u = hex4();
          if (Character.isHighSurrogate(u)) {
            if (!text.startsWith("\\u", pos)) {
              throw error("Invalid \\u escape: lone UTF-16 surrogate");
            }
            pos += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
              throw error("Invalid \\u escape: lone UTF-16 surrogate");
            }
            sb.append(u).append(low);
          } else if (Character.isLowSurrogate(u)) {
            throw error("Invalid \\u escape: lone UTF-16 surrogate");
          } else {
            sb.append(u);
          }
        }
        default -> {
          pos--;
          throw error("Invalid escape in a string");
        }
      }
    }
  }

  private char hex4() {
    if (pos + 4 > text.length()) {
      throw error("Invalid \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) {
        throw error("Invalid \\u escape");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private void number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("Invalid number");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("Invalid number");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("Invalid number");
      }
      digits();
    }
    if (pos - start > MAX_NUMBER_CHARS) {
      pos = start;
      throw error("Number longer than " + MAX_NUMBER_CHARS + " characters");
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) {
    if (!text.startsWith(word, pos)) {
      throw error("Expecting a JSON value");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("Expecting '" + c + "'");
    }
    pos++;
  }

  /** The character at the cursor, or NUL past the end (never valid where it is tested). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private InvalidRequestException error(String message) {
    return InvalidRequestException.of(
        field, "JSON decode error: " + message + " (character " + (pos + 1) + ")");
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
