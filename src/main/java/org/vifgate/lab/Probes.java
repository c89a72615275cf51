package org.vifgate.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;

/**
 * Reachability checks between lab endpoints. Every probe runs inside the sender's namespace (and
 * reads counters inside the receiver's), never in the caller's. A probe answers {@code true} when
 * the traffic got through and {@code false} when it did not within the lab's probe timeout; it
 * throws {@link IOException} only when the probe itself could not run.
 *
 * <p>Probes of the same kind may run at the same time (see {@link #survey}); probes of different
 * kinds must not, because the ARP probe flushes the neighbour entries the IPv4 probe pins.
 */
public final class Probes {

  private static final String FLUSH_RACE = "Failed to send flush request: No such file or directory";
  private static final int PING_NO_REPLY = 1;
  private static final int ARPING_NO_REPLY = 1;
  private static final int TIMEOUT_EXPIRED = 124;
  private static final int TAGGED_FRAMES_PER_PROBE = 3;
  private static final Duration FIRST_COUNTER_POLL = Duration.ofMillis(20);
  // Blocked probes mostly wait, so many can share two cores; beyond this, waves start to queue.
  private static final int MAX_PARALLEL = 32;

  private final LabExec exec;
  private final LabNames names;
  private final Set<Endpoint> present;
  private final Duration timeout;

  Probes(LabExec exec, LabNames names, Set<Endpoint> present, Duration timeout) {
    this.exec = exec;
    this.names = names;
    this.present = Set.copyOf(present);
    this.timeout = timeout;
  }

  /** ICMP echo from {@code from} to {@code to}'s IPv4 address; neighbours pinned at both ends. */
  public boolean ipv4Reachable(Endpoint from, Endpoint to) throws IOException {
    check(from, to);
    exec.pinNeighbour(names.namespace(from), from, to);
    exec.pinNeighbour(names.namespace(to), to, from);
    return pingAnswered(
        from,
        exec.command(
            "ping",
            "-n",
            "-q",
            "-c",
            "1",
            "-W",
            LabExec.seconds(timeout),
            "-I",
            from.device(),
            to.ipv4()));
  }

  /** Whether {@code from} resolves {@code to}'s IPv4 address with arping (neighbours flushed). */
  public boolean arpResolves(Endpoint from, Endpoint to) throws IOException {
    check(from, to);
    flushNeighbours(from, "-4");
    flushNeighbours(to, "-4");
    // arping only accepts whole seconds, so timeout(1) cuts it short.
    Command arping =
        exec.command(
            "timeout",
            LabExec.seconds(timeout),
            exec.tool("arping"),
            "-q",
            "-f",
            "-c",
            "1",
            "-I",
            from.device(),
            to.ipv4());
    CommandResult result = exec.runIn(names.namespace(from), arping.withTimeout(guard()));
    return switch (result.exitCode()) {
      case 0 -> true;
      case ARPING_NO_REPLY, TIMEOUT_EXPIRED -> false;
      default -> throw new IOException("lab: arp probe failed: " + result.describeFailure());
    };
  }

  /** ICMPv6 echo to {@code to}'s link-local address; neighbour discovery is part of the probe. */
  public boolean ipv6Reachable(Endpoint from, Endpoint to) throws IOException {
    check(from, to);
    flushNeighbours(from, "-6");
    flushNeighbours(to, "-6");
    return pingAnswered(
        from,
        exec.command(
            "ping",
            "-6",
            "-n",
            "-q",
            "-c",
            "1",
            "-W",
            LabExec.seconds(timeout),
            to.ipv6() + "%" + from.device()));
  }

  /**
   * Whether VLAN-tagged frames sent by {@code from} arrive at {@code to}: a few 802.1Q frames (VLAN
   * {@value Endpoint#PROBE_VLAN}, IPv4/UDP inside) are sent from a raw socket and counted in the
   * ingress hook of {@code to}'s device. One-way by nature: without 8021q nothing answers a tagged
   * frame. {@code to} cannot be dom0, whose namespace holds no lab counters.
   */
  public boolean vlanReachable(Endpoint from, Endpoint to) throws IOException {
    check(from, to);
    if (to.isDom0()) {
      throw new IllegalArgumentException("VLAN probes cannot target dom0 (no lab counters there)");
    }
    String target = names.namespace(to);
    long before = LabCounters.taggedFrom(exec, target, to, from);
    Command send =
        exec.command(
            "python3",
            "-I",
            "-S",
            "-c",
            Scripts.TAGGED_FRAMES,
            from.device(),
            to.mac(),
            from.mac(),
            Integer.toString(Endpoint.PROBE_VLAN),
            from.vlanIpv4(),
            to.vlanIpv4(),
            Integer.toString(TAGGED_FRAMES_PER_PROBE));
    exec.checkIn(names.namespace(from), send);
    // The frames have normally arrived by the time the sender exits (veth and bridge deliver in
    // the sender's softirq); later reads only cover a busy machine, and back off to stay cheap.
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_COUNTER_POLL.toMillis();
    while (true) {
      if (LabCounters.taggedFrom(exec, target, to, from) > before) {
        return true;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      sleep(Duration.ofMillis(Math.min(pause, left)));
      pause *= 2;
    }
  }

  public boolean check(Probe probe, EndpointPair pair) throws IOException {
    return switch (probe) {
      case IPV4 -> ipv4Reachable(pair.from(), pair.to());
      case ARP -> arpResolves(pair.from(), pair.to());
      case IPV6 -> ipv6Reachable(pair.from(), pair.to());
      case VLAN -> vlanReachable(pair.from(), pair.to());
    };
  }

  /** Every probe kind for one direction, one after the other. */
  public Reachability reachability(Endpoint from, Endpoint to) throws IOException {
    Reachability result = Reachability.all(false);
    for (Probe probe : Probe.values()) {
      result = result.with(probe, check(probe, EndpointPair.of(from, to)));
    }
    return result;
  }

  /**
   * Every probe kind for many directions, in parallel where that is safe: first IPv4, IPv6 and VLAN
   * probes for all pairs together, then all ARP probes. A fully blocked survey therefore costs
   * about two probe timeouts. VLAN probes are skipped (reported {@code false}) for pairs that aim
   * at dom0; use {@link #vlanReachable} directly to be told why.
   */
  public Map<EndpointPair, Reachability> survey(Collection<EndpointPair> pairs) throws IOException {
    for (EndpointPair pair : pairs) {
      check(pair.from(), pair.to());
    }
    Map<EndpointPair, Reachability> results = new LinkedHashMap<>();
    pairs.forEach(p -> results.put(p, Reachability.all(false)));
    ExecutorService pool = Executors.newFixedThreadPool(MAX_PARALLEL, daemonThreads());
    try {
      runPhase(pool, pairs, EnumSet.of(Probe.IPV4, Probe.IPV6, Probe.VLAN), results);
      runPhase(pool, pairs, EnumSet.of(Probe.ARP), results);
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  private void runPhase(
      ExecutorService pool,
      Collection<EndpointPair> pairs,
      Set<Probe> probes,
      Map<EndpointPair, Reachability> results)
      throws IOException {
    record Job(EndpointPair pair, Probe probe, Future<Boolean> outcome) {}
    List<Job> jobs = new ArrayList<>();
    for (EndpointPair pair : pairs) {
      for (Probe probe : probes) {
        if (probe == Probe.VLAN && pair.to().isDom0()) {
          continue;
        }
        jobs.add(new Job(pair, probe, pool.submit(() -> checkUnchecked(probe, pair))));
      }
    }
    for (Job job : jobs) {
      boolean value;
      try {
        value = job.outcome().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("lab: interrupted during probes", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException io) {
          throw io.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IOException("lab: probe " + job.probe() + " " + job.pair() + " failed", cause);
      }
      results.put(job.pair(), results.get(job.pair()).with(job.probe(), value));
    }
  }

  private boolean checkUnchecked(Probe probe, EndpointPair pair) {
    try {
      return check(probe, pair);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean pingAnswered(Endpoint from, Command ping) throws IOException {
    CommandResult result = exec.runIn(names.namespace(from), ping.withTimeout(guard()));
    return switch (result.exitCode()) {
      case 0 -> true;
      case PING_NO_REPLY -> false;
      default -> throw new IOException("lab: ping probe failed: " + result.describeFailure());
    };
  }

  /**
   * Empties {@code at}'s neighbour table. Two probes of a survey that share an endpoint flush its
   * table at the same moment; the one whose delete comes second fails with ENOENT because the
   * other removed the entry first. The table is flushed all the same, so that failure is retried
   * once and then accepted.
   */
  private void flushNeighbours(Endpoint at, String family) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        exec.ipIn(names.namespace(at), family, "neigh", "flush", "dev", at.device(), "nud", "all");
        return;
      } catch (IOException e) {
        boolean race = String.valueOf(e.getMessage()).contains(FLUSH_RACE);
        if (!race) {
          throw e;
        }
        if (attempt == 2) {
          return;
        }
      }
    }
  }

  private void check(Endpoint from, Endpoint to) {
    EndpointPair.of(from, to);
    for (Endpoint e : List.of(from, to)) {
      if (!present.contains(e)) {
        throw new IllegalArgumentException(e + " is not part of this lab (is xenbr1 enabled?)");
      }
    }
  }

  /** How long a probe command may take before it counts as hung rather than unanswered. */
  private Duration guard() {
    return timeout.plusSeconds(5);
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("lab: interrupted", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "lab-probe");
      thread.setDaemon(true);
      return thread;
    };
  }
}
