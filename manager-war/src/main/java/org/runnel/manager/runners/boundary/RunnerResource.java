package org.runnel.manager.runners.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.manager.dispatch.boundary.Dispatcher;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.runners.entity.Runner;
import org.runnel.manager.security.boundary.Authenticator;
import org.runnel.manager.security.control.UrlPolicy;
import org.runnel.manager.tasks.boundary.Attempts;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.HeartbeatRequest;
import org.runnel.shared.protocol.ProtocolVersion;
import org.runnel.shared.protocol.RegisterRequest;
import org.runnel.shared.protocol.RunningTask;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.security.Tokens;
import org.runnel.shared.task.TaskIds;

/**
 * Runners announce themselves here (protocol §3): registration, then a heartbeat every 15 s. Both
 * require a runner token and an {@code X-Runner-Version} whose MAJOR.MINOR is the manager's. A
 * registration or an {@code available} heartbeat may free capacity, so both ask for a dispatch. A
 * runner registering again keeps the attempts it lists in {@code running_tasks} (it only lost
 * contact) and loses the others at once; one that sends no list has restarted and loses them all.
 */
@Path("runner")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Runners",
    description = "Runner registration, heartbeats and completions (runner token)")
public class RunnerResource {

  @Inject Authenticator auth;
  @Inject RunnerRegistry registry;
  @Inject Dispatcher dispatcher;
  @Inject Attempts attempts;
  @Inject UrlPolicy urls;

  @POST
  @Path("register")
  @Operation(summary = "Register (or re-register) a runner")
  @APIResponse(responseCode = "200", description = "{status: registered}")
  @APIResponse(responseCode = "400", description = "Bad URL or missing/malformed X-Runner-Version")
  @APIResponse(responseCode = "409", description = "Version mismatch")
  @APIResponse(responseCode = "422", description = "Invalid body")
  public Map<String, String> register(
      String body,
      @HeaderParam(ProtocolVersion.HEADER) String version,
      @Context HttpHeaders headers) {
    String token = auth.runner(headers);
    requireVersion(version);
    RegisterRequest r = Json.read(body, RegisterRequest.class);
    new InvalidRequestException.Collector()
        .require("id", r.id())
        .check(
            r.id() == null || r.id().isBlank() || TaskIds.valid(r.id()),
            "id",
            "Runner id must match [A-Za-z0-9][A-Za-z0-9._-]{0,199}")
        .require("url", r.url())
        .check(
            r.runningTasks() == null
                || r.runningTasks().stream().allMatch(t -> t != null && TaskIds.valid(t.taskId())),
            "running_tasks",
            "Each entry needs a valid task_id")
        .check(
            r.capacity() == null || r.capacity() >= 1,
            "capacity",
            "Input should be greater than or equal to 1")
        .throwIfAny();
    urls.checkBase(r.url())
        .ifPresent(
            p -> {
              throw ApiError.of(400, p.describe("Runner url"));
            });
    Instant now = Instant.now();
    String url = r.url().strip().replaceAll("/+$", "");
    registry
        .register(
            new Runner(
                r.id(),
                url,
                r.taskTypes(),
                r.capacity() == null ? 1 : r.capacity(),
                version.strip(),
                now.toString(),
                now.toString(),
                Tokens.hash(token),
                token),
            !"busy".equalsIgnoreCase(r.availability()),
            r.runningTasks() == null
                ? null
                : r.runningTasks().stream().map(RunningTask::taskId).toList(),
            now)
        .ifPresent(previous -> attempts.runnerRegistered(r.id(), r.runningTasks(), now));
    dispatcher.trigger();
    return Map.of("status", "registered");
  }

  @POST
  @Path("heartbeat/{runner_id}")
  @Operation(summary = "Heartbeat with availability (available or busy)")
  @APIResponse(responseCode = "200", description = "{status: ok}")
  @APIResponse(responseCode = "403", description = "Token does not match this runner")
  @APIResponse(responseCode = "404", description = "Runner not found: register again")
  public Map<String, String> heartbeat(
      @PathParam("runner_id") String runnerId,
      String body,
      @HeaderParam(ProtocolVersion.HEADER) String version,
      @Context HttpHeaders headers) {
    String token = auth.runner(headers);
    requireVersion(version);
    HeartbeatRequest beat =
        body == null || body.isBlank() ? null : Json.read(body, HeartbeatRequest.class);
    boolean available =
        registry.heartbeat(
            runnerId,
            token,
            beat == null ? null : beat.availability(),
            beat == null ? null : beat.runningTasks(),
            Instant.now());
    if (available) {
      dispatcher.trigger();
    }
    return Map.of("status", "ok");
  }

  private static void requireVersion(String version) {
    switch (ProtocolVersion.check(version)) {
      case MISSING -> throw ApiError.of(400, "Missing " + ProtocolVersion.HEADER + " header");
      case MALFORMED ->
          throw ApiError.of(
              400, "Invalid " + ProtocolVersion.HEADER + " header: expected MAJOR.MINOR.PATCH");
      case MISMATCH -> throw ApiError.of(409, ProtocolVersion.mismatchMessage(version));
      case COMPATIBLE -> {
        // proceed
      }
    }
  }
}
