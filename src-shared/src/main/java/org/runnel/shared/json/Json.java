package org.runnel.shared.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.lang.reflect.Type;

/**
 * The one JSON mapping both WARs and the stores use: JSON-B from the platform with the protocol's
 * snake_case names ({@code taskId} in Java is {@code task_id} on the wire and on disk). Unknown
 * fields are ignored, which is what lets Runnel accept messages from esup-runner peers and the
 * other way round. Request bodies are read strictly ({@link #read}): exactly one JSON value,
 * bounded depth, no coercion of one JSON type into another.
 */
public final class Json {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withNullValues(true));

  private Json() {}

  /** The shared, thread-safe mapper. */
  public static Jsonb jsonb() {
    return JSONB;
  }

  public static String write(Object value) {
    return JSONB.toJson(value);
  }

  /**
   * Parses a request body.
   *
   * <p>The text is first checked by {@link JsonSyntax} (one value, no trailing data, bounded depth
   * and size); a record type then has each of its members checked against the JSON type its
   * component needs ({@link JsonTypes}), since JSON-B would silently turn {@code 12} or {@code
   * true} into a {@code String}.
   *
   * @throws InvalidRequestException (422) naming the field (or {@code body}) when the text is not
   *     JSON of the expected shape
   */
  public static <T> T read(String text, Class<T> type) {
    return read(text, (Type) type);
  }

  public static <T> T read(String text, Type type) {
    if (text == null || text.isBlank()) {
      throw InvalidRequestException.of("body", "Field required: the request body is empty");
    }
    JsonSyntax.Shape shape = JsonSyntax.scan(text);
    if (type instanceof Class<?> c && c.isRecord()) {
      if (shape.root() != JsonSyntax.Kind.OBJECT) {
        throw InvalidRequestException.of("body", "Input should be a JSON object");
      }
      JsonTypes.check(c, shape);
    }
    try {
      T value = JSONB.fromJson(text, type);
      if (value == null) {
        throw InvalidRequestException.of("body", "Input should be a JSON object");
      }
      return value;
    } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
      throw InvalidRequestException.of("body", "JSON decode error: " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    return msg == null ? t.getClass().getSimpleName() : msg;
  }
}
