package org.runnel.shared.json;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.runnel.shared.json.InvalidRequestException.FieldError;
import org.runnel.shared.json.JsonSyntax.Kind;

/**
 * Checks the JSON type of each member of a request body against the record it is read into, before
 * JSON-B maps it: JSON-B turns {@code "etab_name": 12} or {@code true} into the string {@code "12"}
 * or {@code "true"}, and a protocol peer that sends a number for a string is confused, not right.
 * {@code null} is accepted for every non-primitive component (the validation that follows says
 * which fields are required); unknown members are ignored as before.
 */
final class JsonTypes {

  private JsonTypes() {}

  static void check(Class<?> record, JsonSyntax.Shape shape) {
    List<FieldError> errors = new ArrayList<>();
    for (RecordComponent rc : record.getRecordComponents()) {
      String name = wireName(rc.getName());
      Kind actual = shape.members().get(name);
      if (actual == null || (actual == Kind.NULL && !rc.getType().isPrimitive())) {
        continue;
      }
      Kind expected = expected(rc.getType());
      if (expected != null && actual != expected) {
        errors.add(new FieldError(name, "Input should be " + describe(expected)));
        continue;
      }
      Kind element = expected == Kind.ARRAY ? elementKind(rc.getGenericType()) : null;
      Set<Kind> found = shape.elements().getOrDefault(name, Set.of());
      if (element != null && found.stream().anyMatch(k -> k != element)) {
        errors.add(new FieldError(name, "Each element should be " + describe(element)));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  /** The JSON kind a Java type is read from; null when any kind may do (Object, others). */
  private static Kind expected(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return Kind.STRING;
    }
    if (type == Boolean.class || type == boolean.class) {
      return Kind.BOOLEAN;
    }
    if (Number.class.isAssignableFrom(type)
        || (type.isPrimitive() && type != char.class && type != void.class)) {
      return Kind.NUMBER;
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return Kind.OBJECT;
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return Kind.ARRAY;
    }
    return null;
  }

  private static Kind elementKind(Type generic) {
    if (generic instanceof ParameterizedType p
        && p.getActualTypeArguments().length == 1
        && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return expected(c);
    }
    return null;
  }

  /** {@code etabName} as the protocol spells it: {@code etab_name}. */
  static String wireName(String javaName) {
    StringBuilder sb = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String describe(Kind k) {
    return switch (k) {
      case STRING -> "a valid string";
      case BOOLEAN -> "a valid boolean";
      case NUMBER -> "a valid number";
      case OBJECT -> "a valid dictionary";
      case ARRAY -> "a valid list";
      case NULL -> "null";
    };
  }
}
