package org.runnel.manager.overview.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.security.boundary.Authenticator;
import org.runnel.manager.security.entity.Caller;
import org.runnel.manager.tasks.boundary.TaskService;
import org.runnel.manager.tasks.control.TaskRegistry;
import org.runnel.shared.protocol.ProtocolVersion;

/**
 * The manager's esup-runner style overview endpoints: what it is, whether it is healthy, which
 * runners and tasks it knows. Only {@code /} and {@code /api/version} are public; health needs a
 * client or runner token, the rest a client token. Operations tooling should prefer {@code
 * /health/ready} (MicroProfile Health).
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Overview", description = "Version, health, runners and tasks at a glance")
public class OverviewResource {

  /** Reply of {@code GET /}. */
  public record About(String name, String version, String docs) {}

  /** Reply of {@code GET /api/version}. */
  public record Version(String version, Map<String, Integer> versionInfo, String implementation) {}

  /** Reply of {@code GET /api/health} and {@code GET /manager/health}. */
  public record Health(String status, String timestamp, long runners, int tasks) {}

  /** One entry of {@code GET /api/runners}. */
  public record RunnerEntry(
      String id, String url, String status, String lastHeartbeat, double ageSeconds) {}

  /** One entry of {@code GET /api/tasks}. */
  public record TaskEntry(String id, String runnerId, String status) {}

  @Inject Authenticator auth;
  @Inject RunnerRegistry runners;
  @Inject TaskRegistry tasks;
  @Inject TaskService service;

  @GET
  @Operation(summary = "What this service is")
  public About about() {
    return new About("Runnel manager", ProtocolVersion.CURRENT, "/openapi");
  }

  @GET
  @Path("api/version")
  @Operation(summary = "Protocol version this manager speaks")
  public Version version() {
    return new Version(
        ProtocolVersion.CURRENT,
        Map.of(
            "major", ProtocolVersion.MAJOR,
            "minor", ProtocolVersion.MINOR,
            "patch", ProtocolVersion.PATCH),
        "runnel");
  }

  @GET
  @Path("api/health")
  @Operation(summary = "Health as esup-runner reports it (client or runner token)")
  public Health apiHealth(@Context HttpHeaders headers) {
    auth.clientOrRunner(headers);
    Instant now = Instant.now();
    return new Health("healthy", now.toString(), runners.onlineCount(now), tasks.size());
  }

  @GET
  @Path("manager/health")
  @Operation(summary = "Same as /api/health")
  public Health managerHealth(@Context HttpHeaders headers) {
    return apiHealth(headers);
  }

  @GET
  @Path("api/runners")
  @Operation(summary = "Registered runners with liveness (client token)")
  public Map<String, List<RunnerEntry>> runners(@Context HttpHeaders headers) {
    auth.client(headers);
    Instant now = Instant.now();
    List<RunnerEntry> list =
        runners.all(now).stream()
            .map(
                p ->
                    new RunnerEntry(
                        p.runner().id(),
                        p.runner().url(),
                        p.online() ? "online" : "offline",
                        p.lastHeartbeat().toString(),
                        p.ageSeconds(now)))
            .toList();
    return Map.of("runners", list);
  }

  @GET
  @Path("api/tasks")
  @Operation(summary = "The tasks of the client's tenant with runner and status (client token)")
  public Map<String, List<TaskEntry>> tasks(@Context HttpHeaders headers) {
    Caller client = auth.client(headers);
    List<TaskEntry> list =
        service.visible(client).stream()
            .map(t -> new TaskEntry(t.taskId(), t.runnerId(), t.status().wire()))
            .toList();
    return Map.of("tasks", list);
  }
}
