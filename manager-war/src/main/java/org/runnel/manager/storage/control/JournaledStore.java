package org.runnel.manager.storage.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.runnel.shared.json.Json;
import org.runnel.shared.store.JsonFileStore;
import org.runnel.shared.store.MemoryRecords;
import org.runnel.shared.store.OwnerOnly;
import org.runnel.shared.task.TaskIds;

/**
 * A {@link JsonFileStore} (one JSON file per record) with group commit in front: a change is
 * appended to a journal, and one {@code fdatasync} of the journal makes every change staged since
 * the previous flush durable at once. Concurrent writers thus share one disk flush instead of
 * paying two fsyncs each (record file and folder), which is what bounds durable submissions on a
 * slow or busy disk. The record files are brought up to date in the background every {@value
 * #CHECKPOINT_ENTRIES} changes and at close, after which that journal is deleted; at start the
 * record files are loaded, then the journals a crash left are replayed, written out and deleted.
 *
 * <p>Writers call {@link #stage} (the change is visible to readers at once) and {@link
 * #awaitDurable} before acknowledging anything; {@link #put} does both. A reader may see a change a
 * few milliseconds before it is durable, but nothing is acknowledged before it is. Journal lines
 * are {@code {"seq":n,"id":"...","value":{...}}} ({@code value} null for a removal); a line torn by
 * a crash was never acknowledged and is skipped. Journals, like the record files, are {@code 0600}.
 */
public final class JournaledStore<T> extends MemoryRecords<T> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JournaledStore.class.getName());
  static final int CHECKPOINT_ENTRIES = 5000;
  private static final String PREFIX = "journal-";
  private static final String SUFFIX = ".log";

  /** One journal line. */
  public record Entry(long seq, String id, Object value) {}

  /** Changes taken for one flush. */
  private record Batch<V>(
      FileChannel channel, List<String> lines, Map<String, V> changes, long upTo) {}

  private final Path dir;
  private final Class<T> type;
  private final JsonFileStore<T> files;
  private final ThreadFactory threads;
  private final int checkpointEntries;

  private final Object mutex = new Object();
  private final List<String> staged = new ArrayList<>();
  private final Map<String, T> unflushed = new LinkedHashMap<>();
  private final Map<String, T> unwritten = new LinkedHashMap<>();
  private long stagedSeq;
  private long durableSeq;
  private boolean flushing;
  private boolean checkpointing;
  private int journalNumber;
  private FileChannel journal;
  private IOException failure;

  /**
   * Opens the store in {@code dir}, recovering what a crash left in journals.
   *
   * @param threads makes the background thread that writes record files
   */
  public JournaledStore(Path dir, Class<T> type, ThreadFactory threads) {
    this(dir, type, threads, CHECKPOINT_ENTRIES);
  }

  JournaledStore(Path dir, Class<T> type, ThreadFactory threads, int checkpointEntries) {
    this.dir = dir;
    this.type = type;
    this.threads = threads;
    this.checkpointEntries = checkpointEntries;
    this.files = new JsonFileStore<>(dir, type);
    try {
      for (String id : recordIds()) {
        files.get(id).ifPresent(v -> records.put(id, v));
      }
      recover();
      journal = openJournal(++journalNumber);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the journal in " + dir, e);
    }
  }

  private List<String> recordIds() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*.json")) {
      for (Path p : found) {
        String name = p.getFileName().toString();
        ids.add(name.substring(0, name.length() - ".json".length()));
      }
    }
    return ids;
  }

  private void recover() throws IOException {
    TreeMap<Integer, Path> journals = new TreeMap<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : found) {
        String name = p.getFileName().toString();
        journals.put(
            Integer.parseInt(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), p);
      }
    }
    Map<String, T> replayed = new LinkedHashMap<>();
    for (Path p : journals.values()) {
      replay(p, replayed);
    }
    replayed.forEach(this::writeRecord);
    for (Path p : journals.values()) {
      Files.deleteIfExists(p);
    }
    if (!journals.isEmpty()) {
      journalNumber = journals.lastKey();
      LOG.info(() -> "Replayed " + replayed.size() + " journaled change(s) in " + dir);
    }
  }

  private void replay(Path journalFile, Map<String, T> into) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(journalFile, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Entry e;
        try {
          e = Json.jsonb().fromJson(line, Entry.class);
        } catch (RuntimeException torn) {
          LOG.warning(() -> "Skipped an unfinished journal line in " + journalFile);
          continue;
        }
        T value = e.value() == null ? null : Json.jsonb().fromJson(Json.write(e.value()), type);
        show(e.id(), value);
        into.put(e.id(), value);
      }
    }
  }

  private void show(String id, T value) {
    if (value == null) {
      records.remove(id);
    } else {
      records.put(id, value);
    }
  }

  /** Writes (or deletes) one record file, durably. */
  private void writeRecord(String id, T value) {
    if (value == null) {
      files.remove(id);
    } else {
      files.put(id, value);
    }
  }

  private FileChannel openJournal(int number) throws IOException {
    return OwnerOnly.open(
        dir.resolve(PREFIX + number + SUFFIX),
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /** Makes a change visible now and queues it for the next flush; returns its sequence number. */
  public long stage(String id, T value) {
    return stageChange(id, value);
  }

  /** Stages the removal of a record; returns its sequence number. */
  public long stageRemove(String id) {
    return stageChange(id, null);
  }

  private long stageChange(String id, T value) {
    if (!TaskIds.valid(id)) {
      throw new IllegalArgumentException("Invalid record id: " + id);
    }
    String rest =
        ",\"id\":"
            + Json.write(id)
            + ",\"value\":"
            + (value == null ? "null" : Json.write(value))
            + "}";
    synchronized (mutex) {
      long seq = ++stagedSeq;
      staged.add("{\"seq\":" + seq + rest);
      unflushed.put(id, value);
      show(id, value);
      return seq;
    }
  }

  /** The sequence number of the last staged change. */
  public long lastStaged() {
    synchronized (mutex) {
      return stagedSeq;
    }
  }

  /**
   * Returns once change {@code seq} (and every one before it) is on disk. A waiter finding no flush
   * under way flushes what every writer staged; the others wait for it.
   *
   * @throws UncheckedIOException when the journal cannot be written
   */
  public void awaitDurable(long seq) {
    while (true) {
      Batch<T> batch;
      synchronized (mutex) {
        while (durableSeq < seq && flushing) {
          waitOnMutex();
        }
        if (durableSeq >= seq) {
          return;
        }
        if (failure != null) {
          throw new UncheckedIOException("The journal in " + dir + " cannot be written", failure);
        }
        batch =
            new Batch<>(journal, List.copyOf(staged), new LinkedHashMap<>(unflushed), stagedSeq);
        staged.clear();
        unflushed.clear();
        flushing = true;
      }
      IOException problem = null;
      try {
        append(batch.channel(), batch.lines());
      } catch (IOException e) {
        problem = e;
      }
      synchronized (mutex) {
        flushing = false;
        if (problem == null) {
          durableSeq = batch.upTo();
          unwritten.putAll(batch.changes());
          if (unwritten.size() >= checkpointEntries && !checkpointing) {
            startCheckpoint();
          }
        } else {
          failure = problem;
          LOG.log(Level.SEVERE, "Journal write failed in " + dir, problem);
        }
        mutex.notifyAll();
      }
    }
  }

  private static void append(FileChannel channel, List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
  }

  private void waitOnMutex() {
    try {
      mutex.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the journal", e);
    }
  }

  /**
   * Switches to a new journal and writes the record files of the old one's changes in the
   * background; called holding the mutex, with no flush under way.
   */
  private void startCheckpoint() {
    Map<String, T> changes = new LinkedHashMap<>(unwritten);
    FileChannel old = journal;
    int oldNumber = journalNumber;
    try {
      journal = openJournal(journalNumber + 1);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Cannot open a new journal in " + dir, e);
      return;
    }
    journalNumber++;
    unwritten.clear();
    checkpointing = true;
    Thread t = threads.newThread(() -> checkpoint(old, oldNumber, changes));
    t.setName("runnel-store-checkpoint");
    t.setDaemon(true);
    t.start();
  }

  private void checkpoint(FileChannel old, int number, Map<String, T> changes) {
    try {
      changes.forEach(this::writeRecord);
      old.close();
      Files.delete(dir.resolve(PREFIX + number + SUFFIX));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Checkpoint of " + dir + " failed; its journal is kept", e);
    } finally {
      synchronized (mutex) {
        checkpointing = false;
        mutex.notifyAll();
      }
    }
  }

  @Override
  public void put(String id, T value) {
    awaitDurable(stage(id, value));
  }

  @Override
  public boolean remove(String id) {
    boolean existed = records.containsKey(id);
    awaitDurable(stageRemove(id));
    return existed;
  }

  @Override
  public List<String> quarantined() {
    return files.quarantined();
  }

  /** Flushes, writes every record file and deletes the journal: a clean shutdown. */
  @Override
  public void close() {
    awaitDurable(lastStaged());
    synchronized (mutex) {
      while (flushing || checkpointing) {
        waitOnMutex();
      }
      try {
        unwritten.forEach(this::writeRecord);
        unwritten.clear();
        journal.close();
        Files.deleteIfExists(dir.resolve(PREFIX + journalNumber + SUFFIX));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "Journal of " + dir + " not closed cleanly", e);
      }
    }
  }
}
