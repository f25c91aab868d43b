package org.runnel.manager.storage.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.runnel.shared.store.OwnerOnly;

/**
 * A durable append-only text file, one record per line: the storage for what is only ever added to
 * and read in order (statistics), where one JSON file per record would cost a file and an fsync of
 * the folder each. {@link #append} returns once the line is on disk (fdatasync). A line torn by a
 * crash (no final newline: it was never acknowledged) is cut off when the file is opened. A new
 * file is {@code 0600}, a folder it creates {@code 0700}.
 */
public final class AppendLog implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;

  /** Opens (or creates, starting with {@code header}) the file. */
  public AppendLog(Path file, String header) {
    this.file = file;
    try {
      OwnerOnly.folders(file.getParent());
      boolean created = !Files.exists(file);
      channel =
          OwnerOnly.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      cutTornLine();
      channel.position(channel.size());
      if (created) {
        append(header);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
          dir.force(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + file, e);
    }
  }

  private void cutTornLine() throws IOException {
    long size = channel.size();
    long keep = size;
    ByteBuffer one = ByteBuffer.allocate(1);
    while (keep > 0) {
      one.clear();
      channel.read(one, keep - 1);
      if (one.get(0) == '\n') {
        break;
      }
      keep--;
    }
    if (keep < size) {
      channel.truncate(keep);
      channel.force(true);
    }
  }

  public Path file() {
    return file;
  }

  /** Appends one line (which must not contain a newline) and waits until it is on disk. */
  public synchronized void append(String line) {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("A log line cannot contain a line break");
    }
    ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to " + file, e);
    }
  }

  /** Reads every line, oldest first, the header included. */
  public void read(Consumer<String> lines) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.accept(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
