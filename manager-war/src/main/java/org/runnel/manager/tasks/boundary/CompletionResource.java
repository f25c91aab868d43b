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
import org.runnel.shared.protocol.CompletionRequest;

/**
 * Where runners report the outcome of an attempt (protocol §3). It sits under {@code /task} like
 * the client API but answers to runner tokens only. Its OpenAPI tag sits on the method: Payara
 * lists a class-level tag once per class, and the runner resource already declares "Runners".
 */
@Path("task/completion")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CompletionResource {

  @Inject Authenticator auth;
  @Inject Attempts attempts;

  @POST
  @Tag(name = "Runners")
  @Operation(summary = "Report the outcome of an attempt; repeating the same report is harmless")
  @APIResponse(responseCode = "200", description = "{status: acknowledged}")
  @APIResponse(responseCode = "403", description = "Token is not the assigned runner's")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "Stale attempt (run_id) or task not running")
  @APIResponse(responseCode = "422", description = "Invalid body")
  public Map<String, String> complete(String body, @Context HttpHeaders headers) {
    String token = auth.runner(headers);
    attempts.complete(Json.read(body, CompletionRequest.class), token);
    return Map.of("status", "acknowledged");
  }
}
