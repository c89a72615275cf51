package org.vifgate.watch;

import java.util.Optional;

/** What wakes the watcher's loop. Posted by the file, control and signal threads. */
public sealed interface WatchEvent {

  /**
   * Something happened in a directory on the file's path; the fingerprint tells whether it
   * mattered.
   */
  record FileTouched() implements WatchEvent {}

  /** SIGHUP: look at the file now (no debounce) and reconcile, even when nothing changed. */
  record Reload() implements WatchEvent {}

  /** SIGTERM, SIGINT or JVM shutdown: finish what is in flight, then stop. */
  record Stop(String why) implements WatchEvent {}

  /** A valid request from the control FIFO. */
  record Control(Request request) implements WatchEvent {}

  /** A line from the control FIFO that is not a valid request. */
  record BadControl(String reason, Optional<String> replyName) implements WatchEvent {}
}
