package org.runnel.manager.tasks.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.manager.security.boundary.Authenticator;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ProgressRequest;

/**
 * Where Runnel runners report how far an attempt is (Runnel's addition to protocol 1.7): progress,
 * their own time estimate and the tail of the attempt's log, shown by {@code GET /task/status/{id}}
 * and {@code GET /task/log/{id}}. Runner token, fenced by {@code run_id} like a completion.
 */
@Path("task/progress")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProgressResource {

  @Inject Authenticator auth;
  @Inject Attempts attempts;

  @POST
  @Tag(name = "Runners")
  @Operation(summary = "Report the progress and log tail of the current attempt")
  @APIResponse(responseCode = "200", description = "{status: ok}")
  @APIResponse(responseCode = "403", description = "Token is not the assigned runner's")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "Stale attempt (run_id) or task not running")
  @APIResponse(responseCode = "422", description = "Invalid body (progress outside 0-100...)")
  public Map<String, String> progress(String body, @Context HttpHeaders headers) {
    String token = auth.runner(headers);
    attempts.progress(Json.read(body, ProgressRequest.class), token);
    return Map.of("status", "ok");
  }
}
