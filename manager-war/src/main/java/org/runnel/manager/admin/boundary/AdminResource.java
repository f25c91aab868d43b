package org.runnel.manager.admin.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.manager.admin.control.AdminAccounts;
import org.runnel.manager.runners.control.RunnerRegistry;
import org.runnel.manager.security.boundary.Authenticator;
import org.runnel.manager.tasks.boundary.TaskAdministration;
import org.runnel.manager.tasks.boundary.TaskView;
import org.runnel.manager.tasks.boundary.TaskViews;
import org.runnel.manager.tasks.control.TaskRegistry;

/**
 * The administrators' REST API, {@code /admin-api} (the {@code /admin} path is kept for the admin
 * pages): restart, delete, resend a callback, list tasks by status or callback state, drain or
 * enable a runner, reload the tokens and accounts from configuration. Every call needs a token from
 * {@code runnel.manager.admin-tokens}.
 */
@Path("admin-api")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Operations on tasks (admin token)")
public class AdminResource {

  @Inject Authenticator auth;
  @Inject TaskAdministration admin;
  @Inject TaskRegistry tasks;
  @Inject TaskViews views;
  @Inject AdminAccounts accounts;
  @Inject RunnerRegistry runners;

  @GET
  @Path("tasks")
  @Operation(summary = "Tasks, oldest first, optionally by status and by callback_status")
  @APIResponse(responseCode = "200", description = "{tasks: [task objects]}")
  public Map<String, List<TaskView>> tasks(
      @QueryParam("status") String status,
      @QueryParam("callback_status") String callbackStatus,
      @Context HttpHeaders headers) {
    auth.admin(headers);
    List<TaskView> list =
        tasks.all().stream()
            .filter(t -> status == null || status.equals(t.status().wire()))
            .filter(t -> callbackStatus == null || callbackStatus.equals(t.callbackStatus().wire()))
            .map(views::of)
            .toList();
    return Map.of("tasks", list);
  }

  @POST
  @Path("task/{id}/restart")
  @Operation(summary = "Run a finished task again (pending, new attempts)")
  @APIResponse(responseCode = "200", description = "The task, pending")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "Task pending or running")
  public TaskView restart(@PathParam("id") String id, @Context HttpHeaders headers) {
    auth.admin(headers);
    return views.of(admin.restart(id));
  }

  @DELETE
  @Path("task/{id}")
  @Operation(summary = "Delete a task that is not running (and its files on the runner)")
  @APIResponse(responseCode = "200", description = "{task_id, status: deleted}")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "Task is running")
  public Map<String, String> delete(@PathParam("id") String id, @Context HttpHeaders headers) {
    auth.admin(headers);
    admin.delete(id);
    return Map.of("task_id", id, "status", "deleted");
  }

  @POST
  @Path("task/{id}/resend-callback")
  @Operation(summary = "Send the completion callback of a finished task again")
  @APIResponse(responseCode = "200", description = "The task, callback_status pending")
  @APIResponse(responseCode = "404", description = "Task not found")
  @APIResponse(responseCode = "409", description = "No notify_url, not finished, or in progress")
  public TaskView resendCallback(@PathParam("id") String id, @Context HttpHeaders headers) {
    auth.admin(headers);
    return views.of(admin.resendCallback(id));
  }

  /** One runner as {@code GET /admin-api/runners} lists it. */
  public record RunnerState(
      String id,
      String url,
      List<String> taskTypes,
      int capacity,
      String version,
      boolean online,
      boolean available,
      boolean drained,
      String lastHeartbeat,
      List<String> runningTasks) {}

  @GET
  @Path("runners")
  @Operation(summary = "Registered runners: liveness, whether each takes work, drain state")
  @APIResponse(responseCode = "200", description = "{runners: [runner states]}")
  public Map<String, List<RunnerState>> runners(@Context HttpHeaders headers) {
    auth.admin(headers);
    Instant now = Instant.now();
    List<RunnerState> list =
        runners.all(now).stream()
            .map(
                p ->
                    new RunnerState(
                        p.runner().id(),
                        p.runner().url(),
                        p.runner().taskTypes(),
                        p.runner().capacity(),
                        p.runner().version(),
                        p.online(),
                        p.available(),
                        runners.drained(p.runner().id()),
                        p.lastHeartbeat().toString(),
                        p.runningTasks()))
            .toList();
    return Map.of("runners", list);
  }

  @POST
  @Path("runner/{id}/{action: drain|enable}")
  @Operation(
      summary =
          "drain: give a runner no new task (its running tasks finish), kept across manager"
              + " restarts and the runner's re-registration; enable: let it take tasks again")
  @APIResponse(responseCode = "200", description = "{runner_id, drained}")
  @APIResponse(responseCode = "404", description = "Runner not found")
  public Map<String, Object> drain(
      @PathParam("id") String id,
      @PathParam("action") String action,
      @Context HttpHeaders headers) {
    auth.admin(headers);
    boolean drain = "drain".equals(action);
    runners.drain(id, drain, "admin-api");
    return Map.of("runner_id", id, "drained", drain);
  }

  @POST
  @Path("config/reload")
  @Operation(
      summary =
          "Read client, runner and admin tokens and admin accounts from configuration again"
              + " (runnel.manager.config-file first)")
  @APIResponse(
      responseCode = "200",
      description =
          "{client_tokens, runner_tokens, admin_tokens, admin_accounts: counts, config_file}")
  @APIResponse(responseCode = "500", description = "Config file unreadable: nothing changed")
  public Map<String, Object> reloadConfig(@Context HttpHeaders headers) {
    auth.admin(headers);
    return accounts.reload();
  }
}
