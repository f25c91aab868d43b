package org.runnel.shared.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory side every {@link RecordStore} implementation shares: the records as last made
 * durable, read without touching the disk. Subclasses decide how a change reaches the disk before
 * they put it here.
 */
public abstract class MemoryRecords<T> implements RecordStore<T> {

  /** The visible records, keyed by id. */
  protected final Map<String, T> records = new ConcurrentHashMap<>();

  @Override
  public Optional<T> get(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(records.get(id));
  }

  @Override
  public Collection<T> values() {
    return new ArrayList<>(records.values());
  }

  @Override
  public int size() {
    return records.size();
  }
}
