package org.runnel.shared.rest;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.shared.json.InvalidRequestException;

/**
 * Every error leaves a Runnel WAR as JSON {@code {"detail": ...}}: invalid bodies as 422 naming the
 * field, JAX-RS errors (404 for unknown paths, 405, 415...) with their status, a header Jersey
 * cannot parse as 400, anything unexpected as 500 without internals (and only then logged at
 * SEVERE: a client's mistake is never a server error).
 */
public final class ErrorMappers {

  private ErrorMappers() {}

  /** 422 with the field list. */
  @Provider
  public static class InvalidRequest implements ExceptionMapper<InvalidRequestException> {
    @Override
    public Response toResponse(InvalidRequestException e) {
      return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
    }
  }

  /** Keeps responses built by {@link ApiError}; gives others a JSON body. */
  @Provider
  public static class WebApplication implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response r = e.getResponse();
      if (r.hasEntity()) {
        return r;
      }
      String detail =
          switch (r.getStatus()) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 415 -> "Unsupported Media Type: send application/json";
            default -> r.getStatusInfo().getReasonPhrase();
          };
      return ApiError.response(r.getStatus(), detail);
    }
  }

  /** Anything else: logged, answered 500. */
  @Provider
  public static class Unexpected implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(Unexpected.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
      if (e instanceof WebApplicationException w) {
        return new WebApplication().toResponse(w);
      }
      if (e instanceof InvalidRequestException i) {
        return new InvalidRequest().toResponse(i);
      }
      if (e instanceof ProcessingException && e.getClass().getSimpleName().contains("Header")) {
        // Jersey's HeaderValueException: a request header it cannot read (a value given twice,
        // a malformed one). RequestSanity refuses the known cases first; this is the backstop.
        return ApiError.response(400, "Invalid request header");
      }
      LOG.log(Level.SEVERE, "Unexpected error", e);
      return Response.status(500)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(Map.of("detail", "Internal error: " + e.getClass().getSimpleName()))
          .build();
    }
  }
}
