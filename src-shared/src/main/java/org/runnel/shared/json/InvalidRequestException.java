package org.runnel.shared.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request whose body does not satisfy the protocol. Both WARs turn it into HTTP 422 with a
 * FastAPI-style body {@code {"detail":[{"loc":["body","field"],"msg":"...","type":"..."}]}} so that
 * clients written for esup-runner read it the same way, and a person sees which field is wrong.
 */
public class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** One problem with one field. */
  public record FieldError(String field, String message) {}

  private final transient List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public static InvalidRequestException of(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The protocol's error body. */
  public Map<String, Object> body() {
    List<Map<String, Object>> detail = new ArrayList<>();
    for (FieldError e : errors) {
      List<String> loc = "body".equals(e.field()) ? List.of("body") : List.of("body", e.field());
      detail.add(Map.of("loc", loc, "msg", e.message(), "type", "value_error"));
    }
    return Map.of("detail", detail);
  }

  private static String summary(List<FieldError> errors) {
    StringBuilder sb = new StringBuilder();
    for (FieldError e : errors) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.field()).append(": ").append(e.message());
    }
    return sb.toString();
  }

  /** Collects field errors and throws them together. */
  public static final class Collector {
    private final List<FieldError> errors = new ArrayList<>();

    public Collector require(String field, Object value) {
      if (value == null || (value instanceof String s && s.isBlank())) {
        errors.add(new FieldError(field, "Field required"));
      }
      return this;
    }

    public Collector check(boolean ok, String field, String message) {
      if (!ok) {
        errors.add(new FieldError(field, message));
      }
      return this;
    }

    public void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new InvalidRequestException(errors);
      }
    }
  }
}
