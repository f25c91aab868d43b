package org.runnel.runner.testing;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A named pipe that tells whether anything opened it for reading: a thread waits to open it for
 * writing, which only succeeds once a reader opens it. Placed where another task's output would be,
 * it proves that a crafted playlist did not make ffmpeg or ffprobe read that file.
 */
public final class Tripwire implements AutoCloseable {

  private final Path fifo;
  private final AtomicBoolean opened = new AtomicBoolean();
  private final Thread writer;

  public Tripwire(Path fifo) throws IOException, InterruptedException {
    this.fifo = fifo;
    Files.createDirectories(fifo.getParent());
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("mkfifo failed");
    }
    writer =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                opened.set(true);
              } catch (IOException e) {
                // the reader went away: opening is what counts
              }
            },
            "tripwire");
    writer.setDaemon(true);
    writer.start();
  }

  public Path path() {
    return fifo;
  }

  /** Whether a reader opened the pipe, waiting up to {@code millis} for it. */
  public boolean fired(long millis) throws InterruptedException {
    writer.join(millis);
    return opened.get();
  }

  /** Releases the waiting writer (by opening the pipe here) and waits for it to end. */
  @Override
  public void close() throws Exception {
    if (writer.isAlive()) {
      try (InputStream in = new FileInputStream(fifo.toFile())) {
        while (in.read(new byte[256]) >= 0) {
          // the writer writes nothing and closes
        }
      }
    }
    writer.join(10_000);
  }
}
