package org.runnel.shared.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What every persisting component of Runnel sees of storage: records of one kind, keyed by id, held
 * in memory and made durable before {@link #put} returns. The file-backed implementation is {@link
 * JsonFileStore}; a clustered store can replace it behind this interface.
 */
public interface RecordStore<T> {

  Optional<T> get(String id);

  /** A snapshot of all records. */
  Collection<T> values();

  /** Stores the record durably, then makes it visible. */
  void put(String id, T value);

  /** Removes the record durably; returns whether it existed. */
  boolean remove(String id);

  int size();

  /** Files that failed to load at start and were moved aside. */
  List<String> quarantined();
}
