package org.runnel.shared.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Builds the protocol's error responses: a status code and {@code {"detail": "<text>"}}. Thrown
 * from resources and services alike; the text is what the client (and, through Pod, a person)
 * reads.
 */
public final class ApiError {

  private ApiError() {}

  public static Response response(int status, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("detail", detail))
        .build();
  }

  /** An exception carrying the protocol error response. */
  public static WebApplicationException of(int status, String detail) {
    return new WebApplicationException(detail, response(status, detail));
  }

  /** 401 as the protocol words it, with {@code WWW-Authenticate: Bearer}. */
  public static WebApplicationException unauthorized(String detail) {
    Response r =
        Response.status(401)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header("WWW-Authenticate", "Bearer")
            .entity(Map.of("detail", detail))
            .build();
    return new WebApplicationException(detail, r);
  }

  public static final String MISSING_TOKEN = "Missing authentication token";
  public static final String INVALID_TOKEN = "Invalid or expired token";
}
