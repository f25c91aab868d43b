package org.runnel.runner.media.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.Cancellation;
import org.runnel.runner.tasks.entity.ProcessGroup;
import org.runnel.runner.tasks.entity.TaskFailure;
import org.runnel.shared.task.TaskStatus;

/**
 * The launcher on real programs: output capture, exit codes, time limit, group kill, and the group
 * tied to the runner's life.
 */
class ProcessLauncherTest {

  static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(1);
  final ProcessLauncher launcher = new ProcessLauncher(SCHEDULER);

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    SCHEDULER.shutdownNow();
  }

  @Test
  void collectsStandardOutputAndLogsStandardErrorLive() throws Exception {
    Path log = dir.resolve("task.log");
    ProcessLauncher.Result result =
        launcher.run(
            launch(log, "echo out; echo err >&2; pwd", Duration.ofSeconds(10)), new Cancellation());
    assertEquals("out\n" + dir + "\n", result.stdout());
    assertEquals(List.of("err"), result.tail());
    assertTrue(Files.readString(log).endsWith("err\n"), Files.readString(log));
  }

  @Test
  void aFailingProgramNamesItsExitCodeAndLastErrorLine() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () ->
                launcher.run(
                    launch(
                        null,
                        "echo first >&2; echo 'No such filter' >&2; exit 3",
                        Duration.ofSeconds(10)),
                    new Cancellation()));
    assertEquals(TaskStatus.FAILED, e.status());
    assertEquals("Testing failed (sh exit code 3: No such filter)", e.getMessage());
  }

  @Test
  void aStopKillsTheProgramAndItsChildrenWithinTwoSeconds() throws Exception {
    Path pids = dir.resolve("pids");
    Cancellation cancellation = new Cancellation();
    String script = "trap '' TERM; sleep 60 & echo $! > " + pids + "; sleep 60";
    CompletableFuture<Void> run =
        CompletableFuture.runAsync(
            () -> {
              try {
                launcher.run(launch(null, script, Duration.ofMinutes(1)), cancellation);
              } catch (TaskFailure e) {
                throw new IllegalStateException(e.getMessage());
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(pids) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long child = Long.parseLong(Files.readString(pids).trim());
    long start = System.nanoTime();
    cancellation.request(Cancellation.Reason.USER);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> run.get(5, TimeUnit.SECONDS));
    assertEquals("Cancelled by user.", e.getCause().getMessage());
    assertTrue((System.nanoTime() - start) / 1e9 < 2.0, "stopped within 2 s");
    long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (alive(child) && System.nanoTime() < gone) {
      Thread.sleep(20);
    }
    assertFalse(alive(child), "the program's child was killed with it");
  }

  @Test
  void aProgramBeyondItsTimeLimitEndsAsTimeout() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class,
            () ->
                launcher.run(launch(null, "sleep 30", Duration.ofMillis(300)), new Cancellation()));
    assertEquals(TaskStatus.TIMEOUT, e.status());
  }

  @Test
  void theProgramAndItsChildrenDieWhenTheRunnerSideOfTheWrapperInputCloses() throws Exception {
    Path pids = dir.resolve("tied");
    List<String> program =
        List.of("sh", "-c", "sleep 60 & echo $! > " + pids + "; sleep 60; echo never");
    Process wrapper = new ProcessBuilder(ProcessLauncher.wrapped(program)).start();
    try {
      long child = awaitPid(pids);
      Thread.sleep(300);
      assertTrue(alive(child), "runs while the runner holds the pipe");
      // what the kernel does when the runner's JVM dies, even by SIGKILL
      wrapper.getOutputStream().close();
      awaitDeath(child);
      assertFalse(alive(child), "the program's child died with the runner");
      assertTrue(wrapper.waitFor(2, TimeUnit.SECONDS), "the wrapper ended too");
      assertTrue(wrapper.exitValue() != 0, "killed, not finished");
    } finally {
      wrapper.destroyForcibly();
    }
  }

  @Test
  void theProgramDoesNotReadTheRunnersPipe() throws Exception {
    long start = System.nanoTime();
    ProcessLauncher.Result result =
        launcher.run(
            launch(null, "cat; echo read-all", Duration.ofSeconds(10)), new Cancellation());
    assertEquals("read-all\n", result.stdout());
    assertTrue((System.nanoTime() - start) / 1e9 < 5, "its input is /dev/null, not the pipe");
  }

  @Test
  void theAttemptKnowsItsProcessGroupWhileItRuns() throws Exception {
    Cancellation cancellation = new Cancellation();
    List<List<ProcessGroup>> changes = new CopyOnWriteArrayList<>();
    cancellation.onGroupsChanged(changes::add);
    ProcessLauncher.Result result =
        launcher.run(launch(null, "ps -o pgid= -p $$", Duration.ofSeconds(10)), cancellation);
    assertEquals(2, changes.size(), changes.toString());
    assertEquals(1, changes.get(0).size());
    ProcessGroup group = changes.get(0).get(0);
    assertEquals(String.valueOf(group.pgid()), result.stdout().trim(), "the program's group");
    assertTrue(group.startTicks() > 0);
    assertEquals(List.of(), changes.get(1), "ended with the program");
  }

  static long awaitPid(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(file) && Files.readString(file).endsWith("\n"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return Long.parseLong(Files.readString(file).trim());
  }

  static void awaitDeath(long pid) throws Exception {
    long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (alive(pid) && System.nanoTime() < gone) {
      Thread.sleep(20);
    }
  }

  /** Alive and not a zombie waiting for a parent that is gone. */
  static boolean alive(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    return Files.exists(stat) && !Files.readString(stat).contains(") Z ");
  }

  private ProcessLauncher.Launch launch(Path log, String script, Duration timeout) {
    return new ProcessLauncher.Launch(
        "Testing", List.of("sh", "-c", script), timeout, log, null, dir);
  }
}
