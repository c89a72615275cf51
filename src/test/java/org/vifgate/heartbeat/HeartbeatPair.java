package org.vifgate.heartbeat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.HeartbeatSettings.AutoFailback;
import org.vifgate.config.HeartbeatSettings.Ucast;
import org.vifgate.config.Secret;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;

/**
 * Two real Heartbeat nodes on this machine, linked by a veth pair with ucast: the test harness for
 * everything Heartbeat decides.
 *
 * <pre>{@code
 * try (HeartbeatPair pair = HeartbeatPair.builder().create()) {   // namespaces, link, configs
 *   pair.start();                                                 // both nodes at once
 *   pair.awaitHolder(pair.preferred(), Duration.ofSeconds(40));
 *   HeartbeatNode.Kill kill = pair.preferred().killHeartbeat();
 *   Duration failover = pair.awaitHolder(pair.other(), kill, Duration.ofSeconds(10));
 * }                                                               // everything removed
 * }</pre>
 *
 * <p>Each node gets a network namespace {@code vghb-ID-NODE} with {@code hb0} (203.0.113.1 for the
 * preferred node, 203.0.113.2 for the other) and a directory under a temporary {@code vghb-ID-*}
 * tree. Between {@link Builder#create()} and {@link #start()} a test may add to the namespaces (a
 * dataplane, guests). Configuration comes from {@link ConfigWriter}; by default vifgate's own
 * renderers and file writer produce ha.cf, authkeys and haresources.
 *
 * <p>With {@link Builder#network(NodeNetworks)} the test makes the nodes' network namespaces itself
 * (for example each node in its own lab dom0). The heartbeat link then runs through a switch
 * namespace {@code vghb-ID-sw} (bridge {@code hbsw}, one veth per node, {@code hb0} on the node
 * side), so that one node can be powered off ({@link #powerOff}: its namespace is deleted) and on
 * again ({@link #powerOn}: recreated and plugged back in) while the other's link stays up, as with
 * a real switch or cable.
 *
 * <p>{@link #close()} stops both nodes (by the PIDs started), deletes the namespaces and the
 * temporary tree, also after a failure. Needs root.
 */
public final class HeartbeatPair implements AutoCloseable {

  public static final String IFACE = "hb0";
  public static final Duration DEFAULT_KEEPALIVE = Duration.ofMillis(200);
  public static final Duration DEFAULT_DEADTIME = Duration.ofSeconds(1);
  public static final Duration DEFAULT_WARNTIME = Duration.ofMillis(500);
  public static final Duration DEFAULT_INITDEAD = Duration.ofSeconds(2);

  /** What a {@link ConfigWriter} needs to know about one node. */
  public record NodeConfig(
      String name,
      String netns,
      String iface,
      String address,
      String peerAddress,
      List<String> nodes,
      String preferredNode,
      TestResource resource,
      Path nodeDir) {}

  /** Fills one node's /etc/ha.d (given as a host directory) before the node starts. */
  @FunctionalInterface
  public interface ConfigWriter {
    void write(NodeConfig node, Path haDir) throws IOException;
  }

  /** Makes the network namespaces the nodes run in, when the test owns them (lab dom0s). */
  public interface NodeNetworks {
    /**
     * Creates node {@code index}'s namespace, at the start and again after {@link #destroy}, and
     * returns its name; the same name every time. The pair adds {@code hb0} to it.
     */
    String create(String node, int index) throws IOException;

    /** Deletes it (a power cut). Also called for one that is already gone; then does nothing. */
    void destroy(String node, int index) throws IOException;
  }

  /** The switch namespace's bridge, when the nodes' namespaces come from {@link NodeNetworks}. */
  public static final String SWITCH = "hbsw";

  private final String id;
  private final Path base;
  private final CommandRunner runner;
  private final String ip;
  private final TestResource resource;
  private final NodeNetworks networks;
  private final List<HeartbeatNode> nodes = new ArrayList<>();
  private final List<String> createdNetns = new ArrayList<>();

  private HeartbeatPair(
      String id,
      Path base,
      CommandRunner runner,
      String ip,
      TestResource resource,
      NodeNetworks networks) {
    this.id = id;
    this.base = base;
    this.runner = runner;
    this.ip = ip;
    this.resource = resource;
    this.networks = networks;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How the pair is made; every setting has a default that gives a working pair. */
  public static final class Builder {
    private String preferred = "alpha";
    private String other = "beta";
    private TestResource resource = new DummyResource("hbtest");
    private Consumer<HeartbeatTestData.Settings> settings = s -> {};
    private ConfigWriter configWriter;
    private NodeNetworks networks;
    private String key = "vghb-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    private Builder() {}

    /** The node names (also their host names); the first is the preferred node. */
    public Builder nodes(String preferredNode, String otherNode) {
      this.preferred = preferredNode;
      this.other = otherNode;
      return this;
    }

    public Builder resource(TestResource testResource) {
      this.resource = testResource;
      return this;
    }

    /**
     * Changes the settings the default writer renders, per node, after the harness has filled in
     * the defaults (timings above, logging to /var/log/ha-log with logfacility none, ucast to the
     * peer, sha1, auto_failback on, the resource's script).
     */
    public Builder settings(Consumer<HeartbeatTestData.Settings> tweak) {
      this.settings = tweak;
      return this;
    }

    /**
     * Replaces the default writer (vifgate's renderers), for example with {@code vifgate render}.
     */
    public Builder configWriter(ConfigWriter writer) {
      this.configWriter = writer;
      return this;
    }

    /**
     * Runs the nodes in namespaces the test makes (see {@link NodeNetworks}), linked through a
     * switch namespace; enables {@link #powerOff} and {@link #powerOn}.
     */
    public Builder network(NodeNetworks nodeNetworks) {
      this.networks = nodeNetworks;
      return this;
    }

    public Builder key(String authKey) {
      this.key = authKey;
      return this;
    }

    /** Creates the namespaces, the link and both nodes' files. Nothing runs yet. */
    public HeartbeatPair create() throws IOException {
      if (!"root".equals(System.getProperty("user.name"))) {
        throw new IllegalStateException(
            "real Heartbeat tests need root (namespaces, bind mounts); run them as root");
      }
      if (!Files.isExecutable(Path.of(HeartbeatNode.HEARTBEAT))) {
        throw new IllegalStateException(
            HeartbeatNode.HEARTBEAT
                + " is missing: apt-get install --no-install-recommends heartbeat");
      }
      String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
      Path base = Files.createTempDirectory("vghb-" + id + "-");
      Tools tools = Tools.system();
      HeartbeatNode.Programs programs =
          new HeartbeatNode.Programs(
              tools.require("ip"), tools.require("unshare"), tools.require("nsenter"));
      HeartbeatPair pair =
          new HeartbeatPair(id, base, new ProcessRunner(), programs.ip(), resource, networks);
      try {
        pair.setUp(
            List.of(preferred, other),
            programs,
            configWriter != null ? configWriter : this::render);
      } catch (IOException | RuntimeException | Error e) {
        try {
          pair.close();
        } catch (IOException | RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
      return pair;
    }

    /** The default writer: HeartbeatFiles renders, AtomicFileWriter writes. */
    private void render(NodeConfig node, Path haDir) throws IOException {
      HeartbeatTestData.Settings s = HeartbeatTestData.pair();
      s.nodes = node.nodes();
      s.logfile = "/var/log/ha-log";
      s.debugfile = "/var/log/ha-debug";
      s.logfacility = "none";
      s.keepalive = DEFAULT_KEEPALIVE;
      s.deadtime = DEFAULT_DEADTIME;
      s.warntime = DEFAULT_WARNTIME;
      s.initdead = DEFAULT_INITDEAD;
      s.udpport = 694;
      s.ucast = List.of(new Ucast(node.iface(), node.peerAddress()));
      s.autoFailback = AutoFailback.ON;
      s.authMethod = AuthMethod.SHA1;
      s.inlineKey = Optional.of(new Secret(key));
      s.keyFile = Optional.empty();
      s.preferredNode = node.preferredNode();
      s.script = node.resource().scriptName();
      settings.accept(s);
      Path source = node.nodeDir().resolve(node.name() + ".yaml");
      Optional<Secret> secret = KeySource.read(s.build().auth(), node.nodeDir());
      RenderedFiles files =
          HeartbeatFiles.render(
              s.state(node.name(), source.toString()), source.toString(), secret.orElse(null));
      AtomicFileWriter writer = AtomicFileWriter.forCurrentUser();
      for (RenderedFile file : files.all()) {
        writer.write(haDir, file);
      }
    }
  }

  private void setUp(List<String> names, HeartbeatNode.Programs programs, ConfigWriter writer)
      throws IOException {
    List<String> netns = networks == null ? ownNamespaces(names) : switchedNamespaces(names);
    for (int i = 0; i < names.size(); i++) {
      Path dir = Files.createDirectory(base.resolve(names.get(i)));
      HeartbeatNode node =
          new HeartbeatNode(names.get(i), i == 0, netns.get(i), dir, runner, programs);
      node.prepare();
      if (!resource.installedByConfigWriter()) {
        node.installResource(resource);
      }
      writer.write(
          new NodeConfig(
              names.get(i),
              netns.get(i),
              IFACE,
              address(i),
              address(1 - i),
              names,
              names.get(0),
              resource,
              dir),
          node.haDir());
      nodes.add(node);
    }
  }

  /** vghb-ID-NODE namespaces of our own, linked by one veth pair. */
  private List<String> ownNamespaces(List<String> names) throws IOException {
    String existing = ip("netns", "list").stdout();
    List<String> netns = new ArrayList<>();
    for (String name : names) {
      String ns = "vghb-" + id + "-" + name;
      if (existing.contains(ns)) {
        throw new IllegalStateException("network namespace " + ns + " already exists");
      }
      check(ip("netns", "add", ns));
      createdNetns.add(ns);
      netns.add(ns);
    }
    check(
        ip(
            "-n",
            netns.get(0),
            "link",
            "add",
            IFACE,
            "type",
            "veth",
            "peer",
            "name",
            IFACE,
            "netns",
            netns.get(1)));
    for (int i = 0; i < names.size(); i++) {
      configureLink(netns.get(i), i);
    }
    return netns;
  }

  /** The test's namespaces, each plugged into a switch namespace of ours. */
  private List<String> switchedNamespaces(List<String> names) throws IOException {
    String sw = switchNetns();
    if (ip("netns", "list").stdout().contains(sw)) {
      throw new IllegalStateException("network namespace " + sw + " already exists");
    }
    check(ip("netns", "add", sw));
    createdNetns.add(sw);
    check(ip("-n", sw, "link", "set", "lo", "up"));
    // No STP delay; no multicast snooping, which would drop mcast heartbeats without a querier.
    check(
        ip(
            "-n",
            sw,
            "link",
            "add",
            SWITCH,
            "type",
            "bridge",
            "stp_state",
            "0",
            "forward_delay",
            "0",
            "mcast_snooping",
            "0"));
    check(ip("-n", sw, "link", "set", SWITCH, "up"));
    List<String> netns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String ns = networks.create(names.get(i), i);
      netns.add(ns);
      plugIn(ns, i);
    }
    return netns;
  }

  private String switchNetns() {
    return "vghb-" + id + "-sw";
  }

  /** A veth from the switch to {@code hb0} in the node's namespace, with its link address. */
  private void plugIn(String netns, int index) throws IOException {
    String port = "hbp" + index;
    check(
        ip(
            "-n",
            switchNetns(),
            "link",
            "add",
            port,
            "type",
            "veth",
            "peer",
            "name",
            IFACE,
            "netns",
            netns));
    check(ip("-n", switchNetns(), "link", "set", port, "master", SWITCH, "up"));
    configureLink(netns, index);
  }

  private void configureLink(String netns, int index) throws IOException {
    check(ip("-n", netns, "addr", "add", address(index) + "/24", "dev", IFACE));
    check(ip("-n", netns, "link", "set", IFACE, "up"));
    check(ip("-n", netns, "link", "set", "lo", "up"));
  }

  /**
   * A power cut: ends all the node's processes and deletes its network namespace (through {@link
   * NodeNetworks#destroy}), taking its link, its dataplane and its guests with it.
   */
  public void powerOff(HeartbeatNode node) throws IOException {
    requireNetworks();
    node.stop();
    networks.destroy(node.name(), nodes.indexOf(node));
  }

  /**
   * Powers a node on again after {@link #powerOff}: its namespace is made anew, plugged into the
   * switch, and the node boots with an empty /run (its boot hook, then Heartbeat).
   */
  public void powerOn(HeartbeatNode node) throws IOException {
    powerOn(node, () -> {});
  }

  /**
   * As {@link #powerOn(HeartbeatNode)}, running {@code beforeHeartbeat} before Heartbeat starts.
   */
  public void powerOn(HeartbeatNode node, BeforeHeartbeat beforeHeartbeat) throws IOException {
    requireNetworks();
    int index = nodes.indexOf(node);
    String netns = networks.create(node.name(), index);
    if (!netns.equals(node.netns())) {
      throw new IllegalStateException(
          "node " + node.name() + " came back in " + netns + ", not " + node.netns());
    }
    plugIn(netns, index);
    node.launch(Namespaces.ofThisProcess());
    beforeHeartbeat.check();
    node.go();
  }

  private void requireNetworks() {
    if (networks == null) {
      throw new IllegalStateException("power cycles need namespaces from Builder.network(...)");
    }
  }

  /** The heartbeat link's address of node {@code index} (0 = preferred). */
  public static String address(int index) {
    return "203.0.113." + (index + 1);
  }

  /** Starts both nodes; Heartbeat starts on both at the same moment, after both are verified. */
  public void start() throws IOException {
    start(() -> {});
  }

  /** Something a test checks on booted nodes before their Heartbeat starts. */
  @FunctionalInterface
  public interface BeforeHeartbeat {
    void check() throws IOException;
  }

  /**
   * As {@link #start()}, running {@code beforeHeartbeat} once both nodes are up (boot hooks done,
   * isolation verified) and before Heartbeat starts on either.
   */
  public void start(BeforeHeartbeat beforeHeartbeat) throws IOException {
    Namespaces host = Namespaces.ofThisProcess();
    for (HeartbeatNode node : nodes) {
      node.launch(host);
    }
    beforeHeartbeat.check();
    for (HeartbeatNode node : nodes) {
      node.go();
    }
  }

  /**
   * Reboots a node: ends all its processes (no clean shutdown, as a power cut), resets its
   * heartbeat interface to just its link address (as a boot would: addresses Heartbeat added, like
   * IPaddr's, are gone), empties its /run and starts it again in fresh PID, mount, UTS and IPC
   * namespaces. Its network namespace, and anything else a test added there, stays.
   */
  public void reboot(HeartbeatNode node) throws IOException {
    node.stop();
    int index = nodes.indexOf(node);
    check(ip("-n", node.netns(), "addr", "flush", "dev", IFACE));
    check(ip("-n", node.netns(), "addr", "add", address(index) + "/24", "dev", IFACE));
    node.start(Namespaces.ofThisProcess());
  }

  public HeartbeatNode preferred() {
    return nodes.get(0);
  }

  public HeartbeatNode other() {
    return nodes.get(1);
  }

  public List<HeartbeatNode> nodes() {
    return List.copyOf(nodes);
  }

  public TestResource resource() {
    return resource;
  }

  /** The temporary tree holding both nodes' directories. */
  public Path baseDir() {
    return base;
  }

  public List<String> netnsNames() {
    return List.copyOf(createdNetns);
  }

  /** Runs {@code ip ARGS} on the host (for example {@code -n NETNS addr}). */
  public CommandResult ip(String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(ip);
    argv.addAll(List.of(args));
    return runner.run(Command.of(argv));
  }

  /** Waits until {@code node} holds the resource; returns how long that took from now. */
  public Duration awaitHolder(HeartbeatNode node, Duration timeout) throws IOException {
    return awaitHolder(node, System.nanoTime(), timeout);
  }

  /** Waits until {@code node} holds the resource; returns how long after the kill that was. */
  public Duration awaitHolder(HeartbeatNode node, HeartbeatNode.Kill since, Duration timeout)
      throws IOException {
    return awaitHolder(node, since.nanos(), timeout);
  }

  /**
   * Waits until {@code node} holds the resource; returns how long after {@code sinceNanos}
   * (System.nanoTime) that was.
   */
  public Duration awaitHolder(HeartbeatNode node, long sinceNanos, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!resource.heldBy(node)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            node.name() + " did not get the resource within " + timeout + " (see the diagnostics)");
      }
      HeartbeatNode.sleep(Duration.ofMillis(10));
    }
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

  public void printDiagnostics(PrintStream out) {
    for (HeartbeatNode node : nodes) {
      node.printDiagnostics(out);
    }
  }

  /**
   * Stops the nodes, deletes the namespaces this pair created and its temporary tree. Every step
   * runs even if an earlier one failed; the first failure is thrown at the end.
   */
  @Override
  public void close() throws IOException {
    List<Exception> failures = new ArrayList<>();
    for (HeartbeatNode node : nodes) {
      try {
        node.stop();
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
    if (networks != null) {
      for (int i = 0; i < nodes.size(); i++) {
        try {
          networks.destroy(nodes.get(i).name(), i);
        } catch (IOException | RuntimeException e) {
          failures.add(e);
        }
      }
    }
    for (String ns : createdNetns) {
      try {
        check(ip("netns", "delete", ns));
      } catch (IOException | RuntimeException e) {
        failures.add(e);
      }
    }
    try {
      String left = ip("netns", "list").stdout();
      for (String ns : createdNetns) {
        if (left.contains(ns)) {
          failures.add(new IOException("network namespace " + ns + " is still there"));
        }
      }
    } catch (IOException e) {
      failures.add(e);
    }
    try {
      TempTree.delete(base);
    } catch (IOException e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      IOException first = new IOException("cleaning up the Heartbeat pair failed", failures.get(0));
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static CommandResult check(CommandResult result) throws IOException {
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
    return result;
  }
}
