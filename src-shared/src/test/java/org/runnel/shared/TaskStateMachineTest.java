package org.runnel.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.runnel.shared.task.TaskStateMachine;
import org.runnel.shared.task.TaskStatus;

class TaskStateMachineTest {

  @Test
  void happyPathIsLegal() {
    TaskStatus s = TaskStatus.PENDING;
    s = TaskStateMachine.transition(s, TaskStatus.RUNNING);
    s = TaskStateMachine.transition(s, TaskStatus.COMPLETED);
    assertEquals(TaskStatus.COMPLETED, s);
  }

  @Test
  void callbackFailureAndLaterFetch() {
    assertTrue(TaskStateMachine.allowed(TaskStatus.COMPLETED, TaskStatus.WARNING));
    assertTrue(TaskStateMachine.allowed(TaskStatus.WARNING, TaskStatus.COMPLETED));
  }

  @Test
  void lostAttemptGoesBackToTheQueue() {
    assertTrue(TaskStateMachine.allowed(TaskStatus.RUNNING, TaskStatus.PENDING));
  }

  @Test
  void terminalOutcomesCannotBeOverwrittenByAnotherOutcome() {
    assertFalse(TaskStateMachine.allowed(TaskStatus.COMPLETED, TaskStatus.FAILED));
    assertFalse(TaskStateMachine.allowed(TaskStatus.FAILED, TaskStatus.COMPLETED));
    assertFalse(TaskStateMachine.allowed(TaskStatus.PENDING, TaskStatus.COMPLETED));
    var e =
        assertThrows(
            TaskStateMachine.IllegalTransitionException.class,
            () -> TaskStateMachine.transition(TaskStatus.TIMEOUT, TaskStatus.RUNNING));
    assertEquals("Illegal task status change: timeout -> running", e.getMessage());
  }

  @Test
  void wireNames() {
    assertEquals("warning", TaskStatus.WARNING.wire());
    assertEquals(TaskStatus.TIMEOUT, TaskStatus.fromWire("timeout"));
    assertThrows(IllegalArgumentException.class, () -> TaskStatus.fromWire("COMPLETED"));
    assertTrue(TaskStatus.WARNING.terminal());
    assertFalse(TaskStatus.RUNNING.terminal());
  }
}
