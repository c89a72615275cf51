package org.vifgate.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;

/**
 * A throwaway imitation of a Xen dom0 built from network namespaces, for tests and {@code vifgate
 * demo}.
 *
 * <pre>
 *   PREFIX-lan    eth0 ─────── peth0 ┐
 *   PREFIX-dom0   eth0 ─────── vif0.0 ├─ xenbr0 (in PREFIX-dom0, stp off, forward_delay 0)
 *   PREFIX-domu1  eth0 ─────── vif1.0 │
 *   PREFIX-domu2  eth0 ─────── vif2.0 ┘
 *   optional:  PREFIX-lan eth1 ── peth1, PREFIX-dom0 eth1 ── vif0.1, on xenbr1
 * </pre>
 *
 * dom0's address sits on {@code eth0}, the peer of {@code vif0.0} in the same namespace (Xen's
 * netloop), so dom0's own traffic crosses the bridge through {@code vif0.0} exactly as on a real
 * dom0. Addresses are listed on {@link Endpoint}. The dom0 namespace holds no netfilter objects of
 * the lab's own: whatever rules are there, the test put there. Counters live in the lan and guest
 * namespaces only. br_netfilter's {@code bridge-nf-call-*} sysctls are left at the new namespace's
 * defaults (1 on this kernel).
 *
 * <p>{@link #close()} deletes every namespace this lab created (and only those), also after a
 * half-finished {@link #create}, which cleans up by itself when it fails.
 */
public final class Dom0Lab implements AutoCloseable {

  public static final String BRIDGE = "xenbr0";
  public static final String SECOND_BRIDGE = "xenbr1";
  public static final Duration DEFAULT_STREAM_LIMIT = Duration.ofSeconds(60);

  /** Where the lab keeps its counters: everywhere but dom0. */
  private static final List<Endpoint.Space> COUNTED_SPACES =
      List.of(Endpoint.Space.LAN, Endpoint.Space.DOMU1, Endpoint.Space.DOMU2);

  private final LabExec exec;
  private final LabNames names;
  private final LabOptions options;
  private final Topology topology;
  private final Set<Endpoint> endpoints;
  private final List<String> created = new ArrayList<>();
  private final Map<Endpoint, Integer> domids = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, TrafficStream> streams = new EnumMap<>(Endpoint.class);
  private final Probes probes;

  private Dom0Lab(LabExec exec, LabNames names, LabOptions options) {
    this.exec = exec;
    this.names = names;
    this.options = options;
    this.topology = new Topology(exec, names);
    EnumSet<Endpoint> present =
        EnumSet.of(Endpoint.DOM0, Endpoint.LAN, Endpoint.GUEST1, Endpoint.GUEST2);
    if (options.secondBridge()) {
      present.add(Endpoint.DOM0_XENBR1);
      present.add(Endpoint.LAN_XENBR1);
    }
    this.endpoints = Collections.unmodifiableSet(present);
    this.probes = new Probes(exec, names, present, options.probeTimeout());
  }

  /**
   * Builds the lab. Fails if any of its namespaces already exists (see {@link #cleanupStale}); on
   * any failure removes what it created and rethrows.
   */
  public static Dom0Lab create(CommandRunner runner, Tools tools, String prefix, LabOptions options)
      throws IOException {
    Dom0Lab lab = new Dom0Lab(new LabExec(runner, tools), new LabNames(prefix), options);
    try {
      lab.build();
      return lab;
    } catch (IOException | RuntimeException e) {
      try {
        lab.close();
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Deletes namespaces left behind by an earlier lab with this prefix (a killed test run), by the
   * exact names a lab would create. Returns the names it deleted.
   */
  public static List<String> cleanupStale(CommandRunner runner, Tools tools, String prefix)
      throws IOException {
    LabExec exec = new LabExec(runner, tools);
    LabNames names = new LabNames(prefix);
    CommandResult listing = LabExec.check(exec.netnsAdmin("netns", "list"));
    Set<String> existing = new HashSet<>();
    for (String line : listing.stdout().split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        existing.add(trimmed.split("\\s+", 2)[0]);
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String netns : names.all()) {
      if (existing.contains(netns)) {
        LabExec.check(exec.netnsAdmin("netns", "del", netns));
        deleted.add(netns);
      }
    }
    return deleted;
  }

  private void build() throws IOException {
    for (String netns : names.all()) {
      CommandResult added = exec.netnsAdmin("netns", "add", netns);
      if (!added.succeeded()) {
        throw new IOException(
            "lab: cannot create namespace "
                + netns
                + " (left over from an earlier run? Dom0Lab.cleanupStale removes it): "
                + added.describeFailure());
      }
      created.add(netns);
    }
    for (String netns : names.all()) {
      topology.prepareNamespace(netns);
    }
    topology.addBridge(BRIDGE);
    if (options.secondBridge()) {
      topology.addBridge(SECOND_BRIDGE);
    }
    for (Endpoint endpoint : endpoints) {
      if (endpoint.isGuest()) {
        domids.put(endpoint, endpoint.initialDomid());
      }
      topology.attach(endpoint, portOf(endpoint));
    }
    for (Endpoint.Space space : COUNTED_SPACES) {
      List<Endpoint> here = endpoints.stream().filter(e -> e.space() == space).toList();
      LabCounters.install(exec, names.namespace(space), here);
    }
  }

  public LabNames names() {
    return names;
  }

  public LabOptions options() {
    return options;
  }

  /** The endpoints this lab has (the xenbr1 ones only with {@link LabOptions#secondBridge()}). */
  public Set<Endpoint> endpoints() {
    return endpoints;
  }

  public String namespace(Endpoint endpoint) {
    return names.namespace(endpoint);
  }

  public String dom0Namespace() {
    return names.dom0();
  }

  /** Runs commands inside dom0's namespace: where the code under test reads and writes rules. */
  public CommandRunner dom0Runner() {
    return exec.in(names.dom0());
  }

  public CommandRunner runnerIn(Endpoint endpoint) {
    return exec.in(names.namespace(endpoint));
  }

  /**
   * The bridge port in dom0 leading to an endpoint: {@code vif0.0}, {@code peth0}, {@code vif7.0}.
   */
  public String portOf(Endpoint endpoint) {
    return switch (endpoint) {
      case DOM0 -> LabNames.vif(0, 0);
      case DOM0_XENBR1 -> LabNames.vif(0, 1);
      case LAN -> "peth0";
      case LAN_XENBR1 -> "peth1";
      case GUEST1, GUEST2 -> LabNames.vif(domidOf(endpoint), 0);
    };
  }

  /** The guest's current domain id: 1 or 2 at first, then whatever {@link #rebootGuest} gave it. */
  public int domidOf(Endpoint guest) {
    Integer domid = domids.get(guest);
    if (domid == null) {
      throw new IllegalArgumentException(guest + " is not a guest");
    }
    return domid;
  }

  /**
   * Imitates a guest reboot: its vif disappears from the bridge and a new one ({@code
   * vif<newDomid>.0}) appears, with the guest's {@code eth0} back in the same namespace with the
   * same MAC and addresses. Rules that named the old vif no longer apply to it.
   */
  public void rebootGuest(Endpoint guest, int newDomid) throws IOException {
    if (!guest.isGuest()) {
      throw new IllegalArgumentException(guest + " is not a guest");
    }
    if (newDomid < 1) {
      throw new IllegalArgumentException("a guest's domain id must be at least 1: " + newDomid);
    }
    if (domids.containsValue(newDomid)) {
      throw new IllegalArgumentException("domain id " + newDomid + " is in use");
    }
    String newPort = LabNames.vif(newDomid, 0);
    topology.detach(portOf(guest));
    domids.put(guest, newDomid);
    topology.attach(guest, newPort);
    LabCounters.reinstallIngress(exec, names.namespace(guest), guest);
  }

  public Probes probes() {
    return probes;
  }

  /**
   * Starts a UDP stream from one endpoint to another (not dom0), counted at the receiver; it stops
   * by itself after {@link #DEFAULT_STREAM_LIMIT}. One stream per receiver at a time.
   */
  public TrafficStream startStream(Endpoint from, Endpoint to, int packetsPerSecond)
      throws IOException {
    return startStream(from, to, packetsPerSecond, DEFAULT_STREAM_LIMIT);
  }

  public synchronized TrafficStream startStream(
      Endpoint from, Endpoint to, int packetsPerSecond, Duration limit) throws IOException {
    if (!endpoints.contains(from) || !endpoints.contains(to)) {
      throw new IllegalArgumentException(from + " or " + to + " is not part of this lab");
    }
    TrafficStream running = streams.get(to);
    if (running != null && running.isRunning()) {
      throw new IllegalStateException("a stream to " + to + " is already running");
    }
    TrafficStream stream = TrafficStream.start(exec, names, from, to, packetsPerSecond, limit);
    streams.put(to, stream);
    return stream;
  }

  /** Stops running streams, then deletes every namespace this lab created. Safe to call twice. */
  @Override
  public synchronized void close() throws IOException {
    List<String> failures = new ArrayList<>();
    for (TrafficStream stream : streams.values()) {
      try {
        stream.stop();
      } catch (IOException e) {
        failures.add(e.getMessage());
      }
    }
    streams.clear();
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        CommandResult deleted = exec.netnsAdmin("netns", "del", created.get(i));
        if (deleted.succeeded()) {
          created.remove(i);
        } else {
          failures.add(deleted.describeFailure());
        }
      } catch (IOException | RuntimeException e) {
        failures.add("ip netns del " + created.get(i) + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new IOException("lab: cleanup incomplete: " + String.join("; ", failures));
    }
  }
}
