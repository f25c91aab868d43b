package org.runnel.runner.media.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.runnel.runner.tasks.entity.ProcessGroup;

/**
 * Reads process groups from {@code /proc} (Linux) and kills the ones a crashed run of the runner
 * left behind. A group is killed only when it is certainly the recorded one: its leader is alive
 * with the recorded start time, or, once the leader is gone, for each remaining member that started
 * after the leader and whose command line names the attempt (its task id, part of every path it was
 * given). A pid the kernel gave to an unrelated process since is therefore never signalled.
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
    boolean leaderIsOurs =
        stat(group.pgid()).filter(s -> s.startTicks() == group.startTicks()).isPresent();
    List<Long> killed = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        Optional<Stat> s = stat(pid);
        boolean member =
            s.filter(st -> st.pgrp() == group.pgid() && st.startTicks() >= group.startTicks())
                .isPresent();
        if (member && (leaderIsOurs || commandLine(pid).contains(mark))) {
          ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          killed.add(pid);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "Could not look for leftover processes in /proc: " + e);
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
