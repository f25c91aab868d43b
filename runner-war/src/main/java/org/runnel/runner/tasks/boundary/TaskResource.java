package org.runnel.runner.tasks.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.runner.manager.boundary.ManagerLink;
import org.runnel.runner.tasks.control.ResultFiles;
import org.runnel.runner.tasks.control.TaskRunner;
import org.runnel.runner.tasks.control.TaskStore;
import org.runnel.runner.tasks.entity.TaskRecord;
import org.runnel.shared.http.Http;
import org.runnel.shared.json.InvalidRequestException;
import org.runnel.shared.json.Json;
import org.runnel.shared.protocol.TaskRunRequest;
import org.runnel.shared.rest.ApiError;
import org.runnel.shared.task.TaskIds;
import org.runnel.shared.task.TaskStatus;

/**
 * The manager-facing task API of protocol 1.7 (§3): run, status, result manifest and files, stop,
 * delete. Every call needs the runner's token.
 */
@Path("/task")
@RequestScoped
@RunnerTokenRequired
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runner tasks", description = "Calls of the manager to its runner")
@SecurityScheme(
    securitySchemeName = "runnerToken",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer")
@SecurityRequirement(name = "runnerToken")
public class TaskResource {

  private static final String NOT_FOUND = "Task not found";
  private static final int LOG_TAIL_CHARS = 4000;

  @Inject TaskRunner runner;
  @Inject TaskStore store;
  @Inject ManagerLink manager;

  @POST
  @Path("/run")
  @Operation(summary = "Start a task on this runner")
  @RequestBody(description = "The task request fields, task_id, completion_callback, run_id")
  @APIResponse(responseCode = "200", description = "{\"status\":\"started\",\"task_id\"}")
  @APIResponse(responseCode = "400", description = "Runner is busy")
  @APIResponse(responseCode = "401", description = "Missing or invalid token")
  @APIResponse(responseCode = "409", description = "Another attempt of the task runs here")
  @APIResponse(responseCode = "422", description = "Invalid body, naming the fields")
  @APIResponse(responseCode = "503", description = "Runner not registered")
  public Map<String, String> run(String body) {
    TaskRunRequest request = Json.read(body, TaskRunRequest.class);
    new InvalidRequestException.Collector()
        .check(TaskIds.valid(request.taskId()), "task_id", "Invalid task id")
        .check(
            runner.taskTypes().contains(request.taskType()),
            "task_type",
            "Unsupported task type: this runner runs " + runner.taskTypes())
        .check(webUrl(request.sourceUrl()), "source_url", "source_url must be an http(s) URL")
        .check(
            webUrl(request.completionCallback()),
            "completion_callback",
            "completion_callback must be an http(s) URL")
        .throwIfAny();
    runner.start(request, manager.registered());
    return Map.of("status", "started", "task_id", request.taskId());
  }

  @GET
  @Path("/status/{id}")
  @Operation(summary = "Status of a task on this runner, with its progress while it runs")
  @APIResponse(responseCode = "200", description = "The task, or status not_found")
  public Map<String, Object> status(@PathParam("id") String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("task_id", id);
    TaskRecord record = store.find(id).orElse(null);
    if (record == null) {
      body.put("status", "not_found");
      return body;
    }
    body.put("status", record.status());
    body.put("run_id", record.runId());
    body.put("task_type", record.taskType());
    body.put("error_message", record.errorMessage());
    body.put("created_at", record.createdAt().toString());
    body.put("updated_at", record.updatedAt().toString());
    runner
        .attempt(id)
        .ifPresent(
            a -> {
              body.put("progress", a.progress());
              body.put("eta_seconds", a.eta());
              body.put("log_tail", a.logTail(LOG_TAIL_CHARS));
            });
    return body;
  }

  @GET
  @Path("/result/{id}")
  @Operation(summary = "The result manifest of a completed task")
  @APIResponse(responseCode = "200", description = "{\"task_id\",\"files\":[names]}")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "425", description = "Task not completed")
  public Response result(@PathParam("id") String id) {
    var manifest = store.folder(completed(id).taskId()).manifest();
    if (!Files.isRegularFile(manifest)) {
      throw ApiError.of(404, "Result manifest not found");
    }
    return Response.ok(manifest.toFile(), MediaType.APPLICATION_JSON_TYPE)
        .header("X-Task-ID", id)
        .build();
  }

  @GET
  @Path("/result/{id}/file/{name: .+}")
  @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
  @Operation(summary = "One result file of a completed task")
  @APIResponse(responseCode = "200", description = "The file's bytes, as an attachment")
  @APIResponse(responseCode = "400", description = "Invalid result file path")
  @APIResponse(responseCode = "404", description = "Task or file not found")
  public Response file(@PathParam("id") String id, @PathParam("name") String name) {
    var output = store.folder(completed(id).taskId()).output();
    var file =
        ResultFiles.resolve(output, name)
            .orElseThrow(() -> ApiError.of(400, "Invalid result file path"));
    if (!Files.isRegularFile(file)) {
      throw ApiError.of(404, "File not found");
    }
    try {
      return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
          .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
          .header("Content-Length", Files.size(file))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @POST
  @Path("/stop/{id}")
  @Operation(summary = "Stop a running task; it is reported failed with \"Cancelled by user.\"")
  @APIResponse(responseCode = "202", description = "stop_requested")
  @APIResponse(responseCode = "200", description = "already_terminal")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "run_id names another attempt")
  public Response stop(@PathParam("id") String id, @QueryParam("run_id") String runId) {
    String outcome = runner.stop(id, runId);
    int code = "stop_requested".equals(outcome) ? 202 : 200;
    return Response.status(code).entity(Map.of("task_id", id, "status", outcome)).build();
  }

  @DELETE
  @Path("/delete/{id}")
  @Operation(summary = "Delete a finished task's files and record")
  @APIResponse(responseCode = "200", description = "deleted")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "Task is running")
  public Map<String, String> delete(@PathParam("id") String id) {
    runner.delete(id);
    return Map.of("task_id", id, "status", "deleted");
  }

  private TaskRecord completed(String id) {
    TaskRecord record = store.find(id).orElseThrow(() -> ApiError.of(404, NOT_FOUND));
    if (record.taskStatus() != TaskStatus.COMPLETED) {
      throw ApiError.of(425, "Task not completed. Status: " + record.status());
    }
    return record;
  }

  private static boolean webUrl(String url) {
    if (url == null || !Http.isHttp(url)) {
      return false;
    }
    try {
      return URI.create(url).getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
