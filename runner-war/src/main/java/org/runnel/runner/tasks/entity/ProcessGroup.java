package org.runnel.runner.tasks.entity;

/**
 * A process group an attempt started (ffmpeg and whatever it runs), as recorded in the task record
 * so that a runner started again after a crash can kill what its previous run left behind. The
 * group leader's start time, in clock ticks since boot as {@code /proc/<pid>/stat} gives it, tells
 * the group apart from a later process that got the same id.
 *
 * @param pgid the group's id, which is its leader's pid
 * @param startTicks when the leader started (field 22 of {@code /proc/<pid>/stat})
 */
public record ProcessGroup(long pgid, long startTicks) {}
