package org.runnel.runner.media.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.runnel.runner.media.control.ProcessLauncherTest.alive;
import static org.runnel.runner.media.control.ProcessLauncherTest.awaitDeath;
import static org.runnel.runner.media.control.ProcessLauncherTest.awaitPid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.runnel.runner.tasks.entity.ProcessGroup;

/**
 * The reaper on real process groups left without their runner: it kills the recorded group, and
 * never a group that only shares the recorded id.
 */
class ProcessGroupsTest {

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void killsARecordedGroupWhoseLeaderIsStillThere() throws Exception {
    Path pids = dir.resolve("pids");
    Process leader = group("sleep 60 & echo $! > " + pids + "; sleep 60");
    long child = awaitPid(pids);
    ProcessGroup recorded = ProcessGroups.ledBy(leader.pid()).orElseThrow();

    List<Long> killed = ProcessGroups.reap(recorded, "no-such-task");

    awaitDeath(child);
    assertFalse(alive(child));
    assertTrue(killed.contains(leader.pid()) && killed.contains(child), killed.toString());
  }

  @Test
  void killsWhatIsLeftOfAGroupWhoseLeaderIsGoneWhenAMemberNamesTheTask() throws Exception {
    Path pids = dir.resolve("pids");
    Process leader = group("sh -c 'sleep 60; true' task-42 & echo $! > " + pids + "; sleep 0.3");
    long member = awaitPid(pids);
    ProcessGroup recorded = ProcessGroups.ledBy(leader.pid()).orElseThrow();
    leader.waitFor();
    assertTrue(alive(member), "the member outlived its leader");

    assertEquals(List.of(), ProcessGroups.reap(recorded, "task-7"), "another task's group");
    assertTrue(alive(member));

    ProcessGroups.reap(recorded, "task-42");
    awaitDeath(member);
    assertFalse(alive(member));
  }

  @Test
  void neverKillsAGroupWhoseIdWasGivenToAnotherProcess() throws Exception {
    Process other = group("sleep 60");
    ProcessGroup actual = ProcessGroups.ledBy(other.pid()).orElseThrow();
    Thread.sleep(200);
    // as if the recorded leader had started earlier: the pid was recycled since
    ProcessGroup recorded = new ProcessGroup(actual.pgid(), actual.startTicks() - 1);

    assertEquals(List.of(), ProcessGroups.reap(recorded, "task-42"));
    Thread.sleep(200);
    assertTrue(alive(other.pid()), "an unrelated process is left alone");
  }

  private Process group(String script) throws Exception {
    Process p = new ProcessBuilder("setsid", "sh", "-c", script).start();
    started.add(p);
    return p;
  }
}
