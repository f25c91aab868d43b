package org.runnel.runner.tasks.entity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.runnel.shared.protocol.TaskRunRequest;

/**
 * One attempt running on this runner, in memory only: the request the manager sent, the means to
 * stop it, its progress (0–100) and the lines of its script output, which the completion carries
 * whether the attempt succeeds or fails.
 */
public final class Attempt {

  private final TaskRunRequest request;
  private final TaskFolder folder;
  private final Cancellation cancellation = new Cancellation();
  private final List<String> log = new ArrayList<>();
  private volatile int progress;
  private volatile Long eta;

  public Attempt(TaskRunRequest request, TaskFolder folder) {
    this.request = request;
    this.folder = folder;
  }

  public TaskRunRequest request() {
    return request;
  }

  public String taskId() {
    return request.taskId();
  }

  public TaskFolder folder() {
    return folder;
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  public int progress() {
    return progress;
  }

  public void progress(int percent) {
    progress = Math.max(0, Math.min(100, percent));
  }

  /** Adds a line to the script output and to the attempt's log file. */
  public synchronized void log(String line) {
    log.add(line);
    try {
      Files.createDirectories(folder.root());
      Files.writeString(
          folder.log(),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the script output still has the line
    }
  }

  /** The estimated seconds left, null when unknown. */
  public Long eta() {
    return eta;
  }

  /** Progress (0–100) with the estimated seconds left (null when unknown). */
  public void progress(int percent, Long etaSeconds) {
    progress(percent);
    eta = etaSeconds;
  }

  /** The last lines of the attempt's log file (at most {@code maxChars} characters). */
  public String logTail(int maxChars) {
    Path file = folder.log();
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      long from = Math.max(0, size - maxChars);
      ch.position(from);
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      while (buffer.hasRemaining() && ch.read(buffer) > 0) {
        // read until full
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      return from > 0 && newline >= 0 ? text.substring(newline + 1) : text;
    } catch (IOException e) {
      return "";
    }
  }

  /** The script output reported with the completion. */
  public synchronized String scriptOutput() {
    return String.join("\n", log);
  }
}
