package org.runnel.shared.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.shared.json.Json;
import org.runnel.shared.task.TaskIds;

/**
 * One JSON file per record in one folder, all loaded into memory at start and written through on
 * every change. A write is durable before it returns: temp file in the same folder, fsync, atomic
 * rename over the old file, fsync of the folder. A crash therefore leaves either the old or the new
 * record, never a torn one. A file that does not parse at start is moved to {@code quarantine/}
 * inside the folder and reported by {@link #quarantined()}; the rest loads.
 *
 * <p>Ids must match {@link TaskIds#valid}, which keeps every file inside the folder. The folder is
 * {@code 0700} and every record file {@code 0600} ({@link OwnerOnly}).
 */
public class JsonFileStore<T> extends MemoryRecords<T> {

  private static final Logger LOG = Logger.getLogger(JsonFileStore.class.getName());
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final Class<T> type;
  private final List<String> quarantined = new CopyOnWriteArrayList<>();
  private final Object[] locks = new Object[64];

  public JsonFileStore(Path dir, Class<T> type) {
    this.dir = dir;
    this.type = type;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
    try {
      OwnerOnly.ownFolder(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create store folder " + dir, e);
    }
    load();
  }

  public Path folder() {
    return dir;
  }

  private void load() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - SUFFIX.length());
        try {
          T value = Json.jsonb().fromJson(Files.readString(file), type);
          if (value == null || !TaskIds.valid(id)) {
            throw new IllegalStateException("empty record or invalid id");
          }
          records.put(id, value);
        } catch (RuntimeException | IOException e) {
          quarantine(file, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read store folder " + dir, e);
    }
    LOG.info(() -> "Loaded " + records.size() + " records from " + dir);
  }

  private void quarantine(Path file, Exception cause) {
    Path qdir = dir.resolve("quarantine");
    try {
      OwnerOnly.folders(qdir);
      Path target = qdir.resolve(file.getFileName() + "." + System.currentTimeMillis());
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      quarantined.add(file.getFileName().toString());
      LOG.log(
          Level.SEVERE,
          "Unreadable record " + file + " moved to " + target + ": " + cause.getMessage());
    } catch (IOException e) {
      quarantined.add(file.getFileName().toString());
      LOG.log(Level.SEVERE, "Unreadable record " + file + " could not be moved aside", e);
    }
  }

  @Override
  public List<String> quarantined() {
    return List.copyOf(quarantined);
  }

  @Override
  public void put(String id, T value) {
    checkId(id);
    byte[] bytes = Json.write(value).getBytes(StandardCharsets.UTF_8);
    synchronized (lockFor(id)) {
      Path tmp = dir.resolve("." + id + ".tmp");
      try {
        Files.deleteIfExists(tmp);
        try (FileChannel ch =
            OwnerOnly.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        Files.move(
            tmp,
            dir.resolve(id + SUFFIX),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        syncFolder();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot store record " + id + " in " + dir, e);
      }
      records.put(id, value);
    }
  }

  @Override
  public boolean remove(String id) {
    checkId(id);
    synchronized (lockFor(id)) {
      try {
        boolean existed = Files.deleteIfExists(dir.resolve(id + SUFFIX));
        syncFolder();
        return records.remove(id) != null || existed;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot remove record " + id + " from " + dir, e);
      }
    }
  }

  private void syncFolder() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private Object lockFor(String id) {
    return locks[Math.floorMod(id.hashCode(), locks.length)];
  }

  private static void checkId(String id) {
    if (!TaskIds.valid(id)) {
      throw new IllegalArgumentException("Invalid record id: " + id);
    }
  }
}
