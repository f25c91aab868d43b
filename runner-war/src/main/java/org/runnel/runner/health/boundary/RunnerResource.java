package org.runnel.runner.health.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.runnel.runner.configuration.boundary.RunnerConfig;
import org.runnel.runner.manager.boundary.ManagerLink;
import org.runnel.runner.manager.control.CompletionReporter;
import org.runnel.runner.media.boundary.MediaTools;
import org.runnel.runner.media.entity.GpuFacts;
import org.runnel.runner.tasks.control.TaskRunner;
import org.runnel.runner.tasks.control.TaskStore;
import org.runnel.runner.tasks.entity.TaskRecord;

/**
 * The runner's self-description for the manager and for people (protocol §3): {@code ping}, {@code
 * health} and {@code status}, all without authentication and without secrets. {@code
 * runner_instance_id} changes with every start of the JVM, which lets the manager notice a restart.
 */
@Path("/runner")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runner", description = "Liveness and status of this runner")
public class RunnerResource {

  static final String INSTANCE_ID = UUID.randomUUID().toString();

  @Inject RunnerConfig config;
  @Inject ManagerLink manager;
  @Inject TaskRunner tasks;
  @Inject TaskStore store;
  @Inject CompletionReporter completions;
  @Inject MediaTools media;

  @Context HttpServletRequest request;

  @GET
  @Path("/ping")
  @Operation(summary = "Who this runner is and whether it takes a task now")
  public Map<String, Object> ping() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runner_instance_id", INSTANCE_ID);
    body.put("runner_id", config.id());
    body.put("available", tasks.available());
    body.put("registered", manager.registered());
    body.put("task_types", tasks.taskTypes());
    return body;
  }

  @GET
  @Path("/health")
  @Operation(summary = "Health of this runner: healthy, or unhealthy with the reason")
  public Map<String, Object> health() {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean configured = config.token().isPresent();
    body.put("status", configured ? "healthy" : "unhealthy");
    if (!configured) {
      body.put("detail", manager.problem());
    }
    body.put("runner_id", config.id());
    body.put("registered", manager.registered());
    body.put("available", tasks.available());
    body.put("running_tasks", tasks.runningTaskIds());
    body.put("capacity", config.capacity());
    body.put("timestamp", Instant.now().toString());
    return body;
  }

  @GET
  @Path("/status")
  @Operation(summary = "Health plus manager link, storage and disk figures")
  public Map<String, Object> status() {
    Map<String, Object> body = health();
    body.put("manager_url", config.managerUrl());
    body.put("manager_problem", manager.problem());
    body.put("port", request.getLocalPort());
    Map<String, Object> storage = new LinkedHashMap<>();
    storage.put("data_dir", config.dataDir().toString());
    storage.put("tasks", store.all().size());
    storage.put(
        "by_status",
        store.all().stream()
            .collect(Collectors.groupingBy(TaskRecord::status, Collectors.counting())));
    storage.put("pending_completions", completions.pending());
    storage.put("quarantined_records", store.quarantined().size());
    body.put("storage_stats", storage);
    body.put("disk_usage", diskUsage());
    GpuFacts gpu = media.gpu();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("ffmpeg", gpu.ffmpeg());
    facts.put("nvenc_encoder", gpu.nvencEncoder());
    facts.put("cuda_hwaccel", gpu.cudaHwaccel());
    facts.put("scale_cuda", gpu.scaleCuda());
    facts.put("nvenc_usable", gpu.nvencUsable());
    facts.put("cuda_device_usable", gpu.cudaDeviceUsable());
    facts.put("encoding_on", media.nvenc() ? "gpu" : "cpu");
    facts.put("detail", gpu.detail());
    body.put("gpu", facts);
    body.put("ffprobe", media.ffprobe());
    return body;
  }

  private Map<String, Object> diskUsage() {
    Map<String, Object> disk = new LinkedHashMap<>();
    try {
      Files.createDirectories(config.dataDir());
      FileStore fs = Files.getFileStore(config.dataDir());
      disk.put("free_bytes", fs.getUsableSpace());
      disk.put("total_bytes", fs.getTotalSpace());
    } catch (IOException e) {
      disk.put("error", e.getMessage());
    }
    return disk;
  }
}
