package org.runnel.runner.media.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.runnel.runner.tasks.entity.ProcessGroup;

/**
 * Reads process groups from {@code /proc} (Linux) and kills the ones a crashed run of the runner
 * left behind. A group is killed only when it is certainly the recorded one: its leader is alive
 * with the recorded start time or, once the leader is gone, one of its members names the attempt in
 * its command line (the task id, part of every path the attempt's programs get). Linux gives no new
 * process an id still used by a group, so a group with that id and such a member is the recorded
 * one; then every member started since the leader is killed. An unrelated process that got a
 * recycled id is never signalled.
 */
public final class ProcessGroups {

  private static final Logger LOG = Logger.getLogger(ProcessGroups.class.getName());
  private static final Path PROC = Path.of("/proc");

  private ProcessGroups() {}

  /** The group led by {@code pid}, with the leader's start time; empty where /proc is missing. */
  public static Optional<ProcessGroup> ledBy(long pid) {
    return stat(pid).map(s -> new ProcessGroup(pid, s.startTicks()));
  }

  /**
   * Kills (SIGKILL) what is left of a recorded group.
   *
   * @param mark a text the members' command lines contain (the task id), for members whose leader
   *     is gone
   * @return the pids killed
   */
  public static List<Long> reap(ProcessGroup group, String mark) {
    Map<Long, Stat> members = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        stat(pid)
            .filter(s -> s.pgrp() == group.pgid() && s.startTicks() >= group.startTicks())
            .ifPresent(s -> members.put(pid, s));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "Could not look for leftover processes in /proc: " + e);
      return List.of();
    }
    Stat leader = members.get(group.pgid());
    boolean ours =
        (leader != null && leader.startTicks() == group.startTicks())
            || members.keySet().stream().anyMatch(pid -> commandLine(pid).contains(mark));
    if (!ours) {
      return List.of();
    }
    List<Long> killed = new ArrayList<>();
    for (long pid : members.keySet()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      killed.add(pid);
    }
    return killed;
  }

  private record Stat(long pgrp, long startTicks) {}

  /** Fields 5 (pgrp) and 22 (starttime) of /proc/<pid>/stat; empty when the process is gone. */
  private static Optional<Stat> stat(long pid) {
    try {
      String text = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.UTF_8);
      // the command name (field 2) may hold spaces and parentheses: fields follow the last ')'
      String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
      return Optional.of(new Stat(Long.parseLong(f[2]), Long.parseLong(f[19])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(pid + "/cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }
}
