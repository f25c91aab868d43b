package org.runnel.manager.admin.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerFactsTest {

  @Test
  void aRunnelRunnerReportsDiskAndGpu() {
    Map<String, Object> gpu = new LinkedHashMap<>();
    gpu.put("nvenc_usable", false);
    gpu.put("encoding_on", "cpu");
    gpu.put("detail", null);
    Map<String, Object> status =
        Map.of(
            "disk_usage", Map.of("free_bytes", 1536L << 20, "total_bytes", 2L << 40), "gpu", gpu);
    RunnerFacts f = RunnerFacts.of(Optional.of(status));
    assertEquals("1.5 GiB free of 2.0 TiB", f.disk());
    assertEquals(List.of("nvenc_usable: no", "encoding_on: cpu"), f.gpu());
  }

  @Test
  void anEsupRunnerReportsNothingAndADeadOneIsUnreachable() {
    RunnerFacts esup = RunnerFacts.of(Optional.of(Map.of("status", "healthy")));
    assertEquals(RunnerFacts.NOT_REPORTED, esup.disk());
    assertEquals(List.of(RunnerFacts.NOT_REPORTED), esup.gpu());
    assertEquals(RunnerFacts.UNREACHABLE, RunnerFacts.of(Optional.empty()).disk());
    assertEquals("512 B", RunnerFacts.size(512));
  }
}
