package org.runnel.manager.storage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendLogTest {

  @TempDir Path dir;

  private static List<String> lines(AppendLog log) {
    List<String> out = new ArrayList<>();
    log.read(out::add);
    return out;
  }

  @Test
  void startsWithTheHeaderOnceAndKeepsWhatWasAppended() {
    Path file = dir.resolve("stats/log.csv");
    try (AppendLog log = new AppendLog(file, "a,b")) {
      log.append("1,2");
    }
    try (AppendLog again = new AppendLog(file, "a,b")) {
      again.append("3,4");
      assertEquals(List.of("a,b", "1,2", "3,4"), lines(again));
    }
  }

  @Test
  void cutsALineACrashTore() throws Exception {
    Path file = dir.resolve("log.csv");
    try (AppendLog log = new AppendLog(file, "h")) {
      log.append("whole");
    }
    Files.writeString(file, "half-writ", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (AppendLog log = new AppendLog(file, "h")) {
      log.append("next");
      assertEquals(List.of("h", "whole", "next"), lines(log));
    }
  }

  @Test
  void refusesLineBreaks() {
    try (AppendLog log = new AppendLog(dir.resolve("l"), "h")) {
      assertThrows(IllegalArgumentException.class, () -> log.append("a\nb"));
    }
  }
}
