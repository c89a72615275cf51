package org.vifgate.heartbeat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.vifgate.lab.Dom0Lab;
import org.vifgate.lab.Endpoint;

/**
 * Samples, over and over, whether each of two labs' guests is reachable from its LAN (an IPv4 ping
 * from lan to guest1, the two labs probed at the same moment), and records each sample with the
 * phase the test was in. A lab that is switched off (null) counts as unreachable: its host is off.
 *
 * <p>Switching a lab, pausing and stopping wait for the sample in flight, so no probe ever runs in
 * a lab while it is being deleted or while a full survey (whose ARP probes flush neighbours) runs.
 */
final class ReachabilitySampler implements AutoCloseable {

  /** One sample: when it started, in which phase, and what each side saw (null: host off). */
  record Sample(long startNanos, String phase, Boolean a, Boolean b) {
    boolean both() {
      return Boolean.TRUE.equals(a) && Boolean.TRUE.equals(b);
    }
  }

  private final ReentrantLock lock = new ReentrantLock(true);
  private final List<Sample> samples = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final ExecutorService pool =
      Executors.newFixedThreadPool(2, r -> daemon(r, "sample-probe"));
  private final Thread thread;
  private volatile boolean running = true;
  private Dom0Lab labA;
  private Dom0Lab labB;
  private String phase = "start";

  ReachabilitySampler(Dom0Lab a, Dom0Lab b) {
    this.labA = a;
    this.labB = b;
    this.thread = daemon(this::loop, "reachability-sampler");
    thread.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void loop() {
    while (running) {
      lock.lock();
      try {
        if (running) {
          sampleOnce();
        }
      } finally {
        lock.unlock();
      }
      // Let waiters (phase switches, pauses) in between samples.
      Thread.yield();
    }
  }

  private void sampleOnce() {
    long start = System.nanoTime();
    Future<Boolean> a = probe(labA);
    Future<Boolean> b = probe(labB);
    samples.add(new Sample(start, phase, result(a, "a"), result(b, "b")));
  }

  private Future<Boolean> probe(Dom0Lab lab) {
    if (lab == null) {
      return null;
    }
    return pool.submit(() -> lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1));
  }

  private Boolean result(Future<Boolean> future, String side) {
    if (future == null) {
      return null;
    }
    try {
      return future.get();
    } catch (Exception e) {
      errors.add(phase + " " + side + ": " + e);
      return false;
    }
  }

  /** Switches the phase label; the next sample carries it. */
  void phase(String name) {
    lock.lock();
    try {
      phase = name;
    } finally {
      lock.unlock();
    }
  }

  /** Replaces lab A (null: its host is off); waits for the sample in flight. */
  void labA(Dom0Lab lab) {
    lock.lock();
    try {
      labA = lab;
    } finally {
      lock.unlock();
    }
  }

  /** Replaces lab B (null: its host is off); waits for the sample in flight. */
  void labB(Dom0Lab lab) {
    lock.lock();
    try {
      labB = lab;
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code action} with sampling paused (no probe of the sampler runs meanwhile). */
  <T> T paused(IoAction<T> action) throws IOException {
    lock.lock();
    try {
      return action.run();
    } finally {
      lock.unlock();
    }
  }

  /** Something that may throw IOException. */
  @FunctionalInterface
  interface IoAction<T> {
    T run() throws IOException;
  }

  List<Sample> samples() {
    lock.lock();
    try {
      return List.copyOf(samples);
    } finally {
      lock.unlock();
    }
  }

  List<String> errors() {
    lock.lock();
    try {
      return List.copyOf(errors);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    running = false;
    lock.lock();
    lock.unlock();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
