package org.vifgate.watch;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Routes SIGHUP, SIGTERM and SIGINT to the watcher. The JVM's own handling of TERM and INT starts
 * the shutdown hooks and exits 143/130; the watcher replaces it so that it can finish the apply in
 * flight and exit 0. {@code sun.misc.Signal} (module jdk.unsupported) is the only way to catch a
 * signal in Java 17. Where a signal cannot be caught (the JVM runs with -Xrs), the JVM's default
 * stays, and the shutdown hook still waits for the apply in flight.
 */
final class Signals implements AutoCloseable {

  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private final List<String> uncaught = new ArrayList<>();

  /** Installs the handlers; {@link #close} puts the previous ones back. */
  static Signals install(Runnable onHup, java.util.function.Consumer<String> onStop) {
    Signals installed = new Signals();
    installed.handle("HUP", signal -> onHup.run());
    installed.handle("TERM", signal -> onStop.accept("SIGTERM"));
    installed.handle("INT", signal -> onStop.accept("SIGINT"));
    return installed;
  }

  private void handle(String name, SignalHandler handler) {
    try {
      Signal signal = new Signal(name);
      previous.add(Signal.handle(signal, handler));
      signals.add(signal);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      uncaught.add(name);
    }
  }

  /** Signals that could not be caught (their JVM default applies). */
  List<String> uncaught() {
    return List.copyOf(uncaught);
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        Signal.handle(signals.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        // Leave it.
      }
    }
  }
}
