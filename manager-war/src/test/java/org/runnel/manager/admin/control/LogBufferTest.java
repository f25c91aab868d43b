package org.runnel.manager.admin.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.runnel.manager.admin.entity.LogLine;

class LogBufferTest {

  @Test
  void keepsTheNewestLinesAndFiltersByLevelAndText() {
    LogBuffer buffer = new LogBuffer(3);
    Logger log = Logger.getLogger("org.runnel.test.LogBufferTest");
    log.setUseParentHandlers(false);
    log.addHandler(buffer);
    try {
      log.info("first");
      log.info("Task a accepted");
      log.warning("Runner r1 lost");
      log.log(Level.SEVERE, "Dispatch pass failed", new IllegalStateException("boom"));
      List<String> all = buffer.recent(Level.ALL, null).stream().map(LogLine::message).toList();
      assertEquals(
          List.of(
              "Dispatch pass failed (java.lang.IllegalStateException: boom)",
              "Runner r1 lost",
              "Task a accepted"),
          all,
          "newest first, oldest dropped");
      assertEquals(2, buffer.recent(Level.WARNING, null).size());
      assertEquals(1, buffer.recent(Level.ALL, "R1").size());
      assertEquals(3, buffer.recent(Level.ALL, "logbuffertest").size(), "matches the logger");
      assertEquals("LogBufferTest", buffer.recent(Level.ALL, null).get(0).shortSource());
    } finally {
      log.removeHandler(buffer);
    }
  }
}
