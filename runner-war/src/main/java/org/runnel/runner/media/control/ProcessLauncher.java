package org.runnel.runner.media.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.ProcessGroup;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.task.TaskStatus;

/**
 * The one way the runner starts an external program (ffmpeg, ffprobe, later sbatch). Each program
 * runs in its own process group (started through {@code setsid}), so that a stop request or a time
 * limit kills it <em>and</em> whatever it started: {@code SIGTERM} to the group, {@code SIGKILL}
 * after {@link #GRACE}.
 *
 * <p>The group lives no longer than the runner: the program runs under a small shell ({@link
 * #TIED}) that also watches its standard input, a pipe whose writing end only this JVM holds. When
 * the JVM dies, even by {@code SIGKILL}, the kernel closes that pipe and the watcher kills the
 * whole group, so no ffmpeg competes with the attempt's re-run. (A parent-death signal would not
 * do: it follows the thread that started the process, not the JVM.) The group is also reported to
 * the attempt's {@link Cancellation}, which records it in the task record: a runner that starts
 * again kills a recorded group that is still there ({@link ProcessGroups#reap}). The program's
 * standard error is appended line by line to the task's log file (readable while it runs) and its
 * last lines are kept for the error message; standard output goes to a line consumer (ffmpeg's
 * {@code -progress pipe:1}) or is collected (ffprobe's JSON).
 *
 * <p>Outcomes: a {@link Result} for exit code 0; otherwise a {@link TaskFailure} — {@code Cancelled
 * by user.} after a stop request, {@code timeout} status when the limit expired, else {@code
 * failed} naming the program, its exit code and its last error line.
 */
public final class ProcessLauncher {

  /** How long a program may take to end after {@code SIGTERM} before it is killed. */
  public static final Duration GRACE = Duration.ofMillis(1200);

  private static final Logger LOG = Logger.getLogger(ProcessLauncher.class.getName());
  private static final int TAIL_LINES = 40;
  private static final int MAX_STDOUT_CHARS = 8 * 1024 * 1024;
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path SH = Path.of("/bin/sh");

  /**
   * The wrapper, run as {@code sh -c TIED sh program args...} at the head of a new group: the
   * program runs in the background with {@code /dev/null} as input (it still writes to the
   * launcher's pipes), a watcher reads the wrapper's input (kept as descriptor 3) to its end and
   * then kills the group ({@code kill -9 0}), and the wrapper waits for the program and exits with
   * its status. After a normal end the launcher closes the pipe, so the watcher then kills what the
   * program may have left behind, and itself.
   */
  static final String TIED =
      "exec 3<&0 </dev/null; \"$@\" 3<&- & c=$!;"
          + " (cat <&3 >/dev/null 2>&1; kill -9 0) >/dev/null 2>&1 &"
          + " exec 3<&-; wait $c";

  private final ScheduledExecutorService scheduler;

  public ProcessLauncher(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * What to run.
   *
   * @param label what the program does, for messages ({@code "The encoding"})
   * @param command the program and its arguments
   * @param timeout the time limit
   * @param log the file standard error is appended to; null to keep only the tail
   * @param stdout receives each line of standard output; null to collect it into the result
   * @param directory the working directory; null for the runner's
   */
  public record Launch(
      String label,
      List<String> command,
      Duration timeout,
      Path log,
      Consumer<String> stdout,
      Path directory) {

    /** A program whose standard output is collected, run in the runner's directory. */
    public static Launch collecting(String label, List<String> command, Duration timeout) {
      return new Launch(label, command, timeout, null, null, null);
    }
  }

  /** The outcome of a successful run: collected standard output and the last error lines. */
  public record Result(String stdout, List<String> tail) {}

  /**
   * Runs a program to its end, or until it is stopped or its time is up.
   *
   * @throws TaskFailure as described in the class comment
   */
  public Result run(Launch launch, Cancellation cancellation) throws TaskFailure {
    cancellation.throwIfRequested();
    Process process = start(launch);
    ProcessGroup group = ProcessGroups.ledBy(process.pid()).orElse(null);
    if (group != null) {
      cancellation.groupStarted(group);
    }
    Runnable kill = () -> killGroup(process);
    cancellation.onRequest(kill);
    Deque<String> tail = new ArrayDeque<>();
    StringBuilder out = new StringBuilder();
    Thread errors = pump(process.getErrorStream(), line -> append(launch.log(), tail, line));
    Thread output =
        pump(
            process.getInputStream(),
            launch.stdout() != null ? launch.stdout() : line -> collect(out, line));
    int exit;
    try (Watchdog watchdog = Watchdog.start(scheduler, launch.timeout(), kill)) {
      exit = waitFor(process, errors, output);
      cancellation.throwIfRequested();
      if (watchdog.expired()) {
        throw new TaskFailure(
            TaskStatus.TIMEOUT,
            launch.label()
                + " took longer than the allowed "
                + launch.timeout().toSeconds()
                + " seconds");
      }
    } finally {
      cancellation.onRequest(null);
      if (process.isAlive()) {
        killGroup(process);
      }
      closeQuietly(process);
      if (group != null) {
        cancellation.groupEnded(group);
      }
    }
    List<String> lines;
    synchronized (tail) {
      lines = List.copyOf(tail);
    }
    if (exit != 0) {
      String last = lines.isEmpty() ? "no message" : lines.get(lines.size() - 1);
      throw TaskFailure.failed(
          launch.label()
              + " failed ("
              + program(launch)
              + " exit code "
              + exit
              + ": "
              + last
              + ")");
    }
    return new Result(out.toString(), lines);
  }

  /** Whether a program can be started at all (found and executable), e.g. {@code ffprobe}. */
  public static boolean available(String program) {
    try {
      Process p =
          new ProcessBuilder(program, "-version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The program as started: tied to this JVM's life where setsid and sh exist, see {@link #TIED}.
   */
  static List<String> wrapped(List<String> program) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
      if (Files.isExecutable(SH)) {
        // only in a group of its own: "kill 0" must never reach the runner's group
        command.addAll(List.of(SH.toString(), "-c", TIED, "sh"));
      }
    }
    command.addAll(program);
    return command;
  }

  /** Closes the wrapper's input: its watcher then ends the group, which has no work left. */
  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.fine(() -> "Closing the input of process " + process.pid() + " failed: " + e);
    }
  }

  private static Process start(Launch launch) throws TaskFailure {
    List<String> command = wrapped(launch.command());
    try {
      if (launch.log() != null) {
        Files.createDirectories(launch.log().toAbsolutePath().getParent());
        append(launch.log(), null, "$ " + String.join(" ", launch.command()));
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      if (launch.directory() != null) {
        builder.directory(launch.directory().toFile());
      }
      return builder.start();
    } catch (IOException | UncheckedIOException e) {
      throw TaskFailure.failed(
          launch.label() + " could not start " + program(launch) + ": " + e.getMessage());
    }
  }

  private static int waitFor(Process process, Thread errors, Thread output) {
    boolean interrupted = false;
    while (true) {
      try {
        int exit = process.waitFor();
        errors.join(TimeUnit.SECONDS.toMillis(5));
        output.join(TimeUnit.SECONDS.toMillis(5));
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return exit;
      } catch (InterruptedException e) {
        interrupted = true;
        killGroup(process);
      }
    }
  }

  /** SIGTERM to the process group, SIGKILL after the grace period if anything is left. */
  static void killGroup(Process process) {
    long pgid = process.pid();
    signal("-TERM", pgid);
    process.destroy();
    try {
      if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        signal("-KILL", pgid);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    signal("-KILL", pgid);
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void signal(String signal, long pgid) {
    try {
      Process kill =
          new ProcessBuilder("kill", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      kill.waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.fine(() -> "kill " + signal + " -" + pgid + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread pump(InputStream stream, Consumer<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  try {
                    lines.accept(line);
                  } catch (RuntimeException e) {
                    // a faulty consumer must not stop the reading, or the program would block
                    LOG.fine(() -> "Output consumer failed: " + e);
                  }
                }
              } catch (IOException e) {
                // the process ended or was killed: nothing more to read
              }
            },
            "process-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void append(Path log, Deque<String> tail, String line) {
    if (tail != null) {
      synchronized (tail) {
        tail.addLast(line);
        while (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
      }
    }
    if (log == null) {
      return;
    }
    try (Writer w =
        Files.newBufferedWriter(
            log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      LOG.fine(() -> "Could not append to " + log + ": " + e.getMessage());
    }
  }

  private static void collect(StringBuilder out, String line) {
    if (out.length() < MAX_STDOUT_CHARS) {
      out.append(line).append('\n');
    }
  }

  private static String program(Launch launch) {
    String path = launch.command().get(0);
    return Path.of(path).getFileName().toString();
  }
}
