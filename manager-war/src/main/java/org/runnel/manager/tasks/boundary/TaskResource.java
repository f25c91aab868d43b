package org.runnel.manager.tasks.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.manager.security.boundary.Authenticator;
import org.runnel.manager.security.entity.Caller;
import org.runnel.manager.tasks.control.ProgressBoard;
import org.runnel.manager.tasks.control.ResultPaths;
import org.runnel.manager.tasks.entity.Progress;
import org.runnel.manager.tasks.entity.Task;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.ExecuteRequest;
import org.runnel.shared.protocol.FieldLimits;

/**
 * The client application's API (protocol §1): what Pod calls with its token. Bodies arrive as text
 * and are parsed here so that malformed JSON is answered 422 naming the body, like esup-runner. A
 * client sees and acts on its own tenant's tasks only; another tenant's task is answered 404 {@code
 * Task not found}, word for word as a missing one ({@link TaskService#visible}).
 */
@Path("task")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Submit tasks, follow them, fetch their results (client token)")
public class TaskResource {

  /** Reply of {@code POST /task/execute}. */
  public record Accepted(String taskId, String status) {}

  @Inject Authenticator auth;
  @Inject TaskService service;
  @Inject TaskViews views;
  @Inject ProgressBoard board;
  @Inject FieldLimits limits;

  @POST
  @Path("execute")
  @Operation(summary = "Submit a task, or get the pending/running task it duplicates")
  @APIResponse(responseCode = "200", description = "{task_id, status}")
  @APIResponse(responseCode = "400", description = "notify_url refused")
  @APIResponse(responseCode = "401", description = "Missing or unknown token")
  @APIResponse(responseCode = "422", description = "Invalid body, naming the fields")
  @APIResponse(responseCode = "503", description = "No runners available (queue full)")
  public Accepted execute(
      String body,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @Context HttpHeaders headers) {
    Caller client = auth.client(headers);
    Task t =
        service.submit(
            Json.read(body, ExecuteRequest.class).withinLimits(limits), client, idempotencyKey);
    return new Accepted(t.taskId(), t.status().wire());
  }

  @GET
  @Path("status/{id}")
  @Operation(
      summary =
          "The task object (without the client token), with attempt, progress, eta_seconds,"
              + " queue_rank and queue_total")
  @APIResponse(responseCode = "200", description = "Task object")
  @APIResponse(responseCode = "404", description = "Task not found")
  public TaskView status(@PathParam("id") String id, @Context HttpHeaders headers) {
    return views.of(service.visible(id, auth.client(headers)));
  }

  @GET
  @Path("log/{id}")
  @Operation(
      summary =
          "The live log tail of a running task (its script output once finished);"
              + " client or admin token")
  @APIResponse(responseCode = "200", description = "{task_id, status, attempt, run_id, log}")
  @APIResponse(responseCode = "404", description = "Task not found")
  public Map<String, Object> log(@PathParam("id") String id, @Context HttpHeaders headers) {
    Task t = service.visible(id, auth.clientOrAdmin(headers));
    Optional<Progress> report = board.of(t);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task_id", t.taskId());
    body.put("status", t.status().wire());
    body.put("attempt", t.attempt());
    body.put("run_id", t.runId());
    body.put("progress", report.map(Progress::progress).orElse(null));
    body.put("updated_at", report.map(p -> p.at().toString()).orElse(t.updatedAt()));
    body.put(
        "log",
        t.status().terminal() ? t.scriptOutput() : report.map(Progress::logTail).orElse(null));
    return body;
  }

  @GET
  @Path("list")
  @Operation(summary = "The tasks of the client's tenant, by id, oldest first")
  @APIResponse(responseCode = "200", description = "{task_id: task}")
  public Map<String, TaskView> list(@Context HttpHeaders headers) {
    Caller client = auth.client(headers);
    Map<String, TaskView> all = new LinkedHashMap<>();
    service.visible(client).forEach(t -> all.put(t.taskId(), views.of(t)));
    return all;
  }

  @GET
  @Path("result/{id}")
  @Operation(summary = "The result manifest, from the runner that produced it")
  @APIResponse(responseCode = "200", description = "{task_id, files}, header X-Task-ID")
  @APIResponse(responseCode = "400", description = "Task failed: <error>")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "425", description = "Task not completed. Status: <s>")
  @APIResponse(responseCode = "502", description = "Runner error")
  @APIResponse(responseCode = "504", description = "Runner timeout")
  public Response result(@PathParam("id") String id, @Context HttpHeaders headers) {
    List<?> files = service.resultFiles(id, auth.client(headers));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("task_id", id);
    manifest.put("files", files);
    return Response.ok(manifest).header("X-Task-ID", id).build();
  }

  @GET
  @Path("result/{id}/file/{path: .+}")
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "One result file, streamed from the runner")
  @APIResponse(responseCode = "200", description = "The file's bytes")
  @APIResponse(responseCode = "400", description = "Invalid result file path")
  @APIResponse(responseCode = "404", description = "Task or file not found")
  public Response file(
      @PathParam("id") String id, @PathParam("path") String path, @Context HttpHeaders headers) {
    HttpResponse<InputStream> file = service.resultFile(id, path, auth.client(headers));
    StreamingOutput body =
        out -> {
          try (InputStream in = file.body()) {
            in.transferTo(out);
          }
        };
    Response.ResponseBuilder r =
        Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
            .header(
                "Content-Disposition",
                "attachment; filename=\"" + ResultPaths.fileName(path) + "\"");
    file.headers().firstValue("Content-Length").ifPresent(n -> r.header("Content-Length", n));
    return r.build();
  }

  @POST
  @Path("stop/{id}")
  @Operation(summary = "Stop a pending or running task")
  @APIResponse(responseCode = "202", description = "{task_id, status: stop_requested}")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "Task not running")
  public Response stop(@PathParam("id") String id, @Context HttpHeaders headers) {
    service.stop(id, auth.client(headers));
    return Response.status(202).entity(Map.of("task_id", id, "status", "stop_requested")).build();
  }
}
