package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.cli.Main;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.lab.Dom0Lab;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.EndpointPair;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Reachability;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.state.StateDir;

/**
 * The proof with a real cluster: two real Heartbeat 3.0.6 nodes, each of which IS a lab Xen dom0
 * (Heartbeat, the resource agent and vifgate all run in the lab's dom0 network namespace), linked
 * through a switch namespace for ucast. Each node's /etc/ha.d is written only by {@code vifgate
 * render} (the real launcher, bin/vifgate), from an ordinary vifgate.yaml with a heartbeat section;
 * each node's state directory is its private /run/vifgate; a boot hook runs {@code vifgate
 * reconcile} before Heartbeat starts, as a boot unit would.
 *
 * <p>It shows, with lab probes from each dom0's LAN to its guests:
 *
 * <ol>
 *   <li>after boot both hosts' guests are cut off; then the preferred node becomes active, its
 *       guests reachable, the other's cut off;
 *   <li>killing the active node's Heartbeat (by PID) makes the other active within deadtime plus a
 *       margin (measured). This is a crash of Heartbeat alone: the killed node never runs its stop,
 *       so its guests stay reachable until it is fenced. Heartbeat v1 has no fencing of its own, so
 *       here the test fences it by powering the node off. Those samples are counted and reported,
 *       and are the only ones allowed to see both sides reachable;
 *   <li>a node powered on again (its lab recreated, its /run empty) comes back with its guests cut
 *       off, and takes the resource back (auto_failback on): the other stops first;
 *   <li>a power cut of the active node makes the other active within deadtime plus a margin;
 *   <li>a stop that cannot complete fails loudly: with a broken file pushed to the active node, its
 *       stop fails, Heartbeat retries it ten times, status says running, and Heartbeat fences the
 *       node (its reboot, stubbed here, is completed by the test at once); the other node then
 *       takes over, and the fenced node boots back cut off.
 * </ol>
 *
 * Through all of it a sampler probes both labs at the same moments, over and over: outside the
 * Heartbeat crash window no sample sees both hosts' guests reachable.
 */
class VifgateClusterIT {

  private static final Duration DEADTIME = HeartbeatPair.DEFAULT_DEADTIME;
  // Detection is deadtime + ~0.05 s; then Heartbeat runs IPaddr (0.3-1 s) and the agent: a JVM
  // start and a reconcile, 0.7-1.5 s on a busy 2-core machine. 2.3-3.4 s in all was seen here.
  private static final Duration MARGIN = Duration.ofSeconds(4);
  private static final String SERVICE_ADDRESS = "203.0.113.100";
  private static final Path LAUNCHER = Path.of("bin/vifgate").toAbsolutePath().normalize();
  private static final List<EndpointPair> GUEST_PAIRS =
      List.of(
          EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1),
          EndpointPair.of(Endpoint.GUEST2, Endpoint.LAN),
          EndpointPair.of(Endpoint.GUEST1, Endpoint.GUEST2));
  private static final EndpointPair DOM0_PAIR = EndpointPair.of(Endpoint.DOM0, Endpoint.LAN);

  @BeforeAll
  static void buildTheLauncherOnce() throws IOException {
    // The agents run bin/vifgate inside the nodes: build the jar and its class-data archive here,
    // once, rather than twice at the same moment from inside two nodes.
    CommandResult version =
        new ProcessRunner()
            .run(Command.of(LAUNCHER.toString(), "--version").withTimeout(Duration.ofMinutes(5)));
    assertEquals(0, version.exitCode(), version.stderr());
  }

  /** The nodes' network namespaces are lab dom0s, made (and made again) here. */
  private static final class LabNetworks implements HeartbeatPair.NodeNetworks {
    private final String id;
    private final Backend backend;
    private final ProcessRunner runner = new ProcessRunner();
    private final Tools tools = Tools.system();
    private final Dom0Lab[] labs = new Dom0Lab[2];

    LabNetworks(String id, Backend backend) {
      this.id = id;
      this.backend = backend;
    }

    String prefix(int index) {
      return "vgc" + id + (index == 0 ? "a" : "b") + backend.id().charAt(0);
    }

    @Override
    public synchronized String create(String node, int index) throws IOException {
      if (labs[index] != null) {
        throw new IllegalStateException("lab of " + node + " exists already");
      }
      Dom0Lab.cleanupStale(runner, tools, prefix(index));
      labs[index] =
          Dom0Lab.create(
              runner,
              tools,
              prefix(index),
              LabOptions.defaults().withProbeTimeout(Duration.ofMillis(200)));
      return labs[index].dom0Namespace();
    }

    @Override
    public synchronized void destroy(String node, int index) throws IOException {
      Dom0Lab lab = labs[index];
      labs[index] = null;
      if (lab != null) {
        lab.close();
      }
    }

    synchronized Dom0Lab lab(int index) {
      return labs[index];
    }

    List<String> names() {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        all.addAll(new org.vifgate.lab.LabNames(prefix(i)).all());
      }
      return all;
    }

    void closeAll() throws IOException {
      destroy("a", 0);
      destroy("b", 1);
    }
  }

  /** The vifgate agent as the cluster's resource: held when the node's runtime role is active. */
  private static final class VifgateResource implements TestResource {
    @Override
    public String scriptName() {
      return "vifgate";
    }

    @Override
    public byte[] scriptContent() {
      throw new UnsupportedOperationException("vifgate render installs the agent");
    }

    @Override
    public boolean installedByConfigWriter() {
      return true;
    }

    @Override
    public boolean heldBy(HeartbeatNode node) throws IOException {
      Path role = roleFile(node);
      return Files.exists(role) && Files.readString(role).startsWith("role=active\n");
    }
  }

  static Path config(HeartbeatNode node) {
    return node.dir().resolve("vifgate.yaml");
  }

  static Path roleFile(HeartbeatNode node) {
    return new StateDir(node.hostPath("/run/vifgate"), config(node)).roleFile();
  }

  /** Writes the node's vifgate.yaml and key, runs the real `vifgate render`, and the boot hook. */
  private static HeartbeatPair.ConfigWriter renderWith(Backend backend, String key) {
    return (node, haDir) -> {
      Path keyFile = node.nodeDir().resolve("authkey");
      Files.writeString(keyFile, key + "\n");
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      Path config = node.nodeDir().resolve("vifgate.yaml");
      Files.writeString(config, yaml(node, backend, keyFile));
      CommandResult render =
          new ProcessRunner()
              .run(
                  Command.of(
                      LAUNCHER.toString(),
                      "render",
                      "-c",
                      config.toString(),
                      "--out",
                      haDir.toString(),
                      "--vifgate",
                      LAUNCHER.toString()));
      if (render.exitCode() != 0) {
        throw new IOException(
            "vifgate render for " + node.name() + ": " + render.stdout() + render.stderr());
      }
      Path hook = node.nodeDir().resolve("boot-hook");
      Files.writeString(
          hook,
          "#!/bin/sh\n# Like a boot unit before heartbeat.service: cut the guests off.\n"
              + "exec '"
              + LAUNCHER
              + "' reconcile -c '"
              + config
              + "'\n");
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    };
  }

  static String yaml(HeartbeatPair.NodeConfig node, Backend backend, Path keyFile) {
    return "version: 1\n"
        + "node: "
        + node.name()
        + "\n"
        + "role: passive\n"
        + "backend: "
        + backend.id()
        + "\n"
        + "manageSysctls: true\n"
        + "dom0:\n  vifs: [vif0.0]\n"
        + "bridges:\n  - {name: xenbr0, uplink: peth0}\n"
        + "heartbeat:\n"
        + "  nodes: ["
        + String.join(", ", node.nodes())
        + "]\n"
        + "  keepalive: "
        + HeartbeatPair.DEFAULT_KEEPALIVE.toMillis()
        + "ms\n"
        + "  warntime: "
        + HeartbeatPair.DEFAULT_WARNTIME.toMillis()
        + "ms\n"
        + "  deadtime: "
        + HeartbeatPair.DEFAULT_DEADTIME.toMillis()
        + "ms\n"
        + "  initdead: "
        + HeartbeatPair.DEFAULT_INITDEAD.toMillis()
        + "ms\n"
        + "  udpport: 694\n"
        + "  ucast:\n    - {interface: "
        + node.iface()
        + ", address: "
        + node.peerAddress()
        + "}\n"
        + "  autoFailback: true\n"
        + "  logfile: /var/log/ha-log\n"
        + "  debugfile: /var/log/ha-debug\n"
        + "  logfacility: none\n"
        + "  auth: {method: sha1, keyFile: "
        + keyFile
        + "}\n"
        + "  resources:\n"
        + "    preferredNode: "
        + node.preferredNode()
        + "\n"
        + "    addresses: ["
        + SERVICE_ADDRESS
        + "/24/"
        + node.iface()
        + "]\n";
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void heartbeatFlipsTheGuestsOfTwoRealDom0s(Backend backend) throws Exception {
    String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    String key = "vgc-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    List<String> hostHaD = listing(Path.of("/etc/ha.d"));
    LabNetworks labs = new LabNetworks(id, backend);
    Map<String, Long> measured = new LinkedHashMap<>();
    List<String> pairNetns = List.of();
    try (HeartbeatPair pair =
        HeartbeatPair.builder()
            .nodes("alpha", "beta")
            .resource(new VifgateResource())
            .network(labs)
            .configWriter(renderWith(backend, key))
            .create()) {
      pairNetns = pair.netnsNames();
      HeartbeatNode alpha = pair.preferred();
      HeartbeatNode beta = pair.other();
      try {
        checkRenderedFiles(alpha, beta, key);

        // 1. Boot: both blocked by the boot hook (checked before Heartbeat starts), then alpha
        // active. Sampling starts once both have booted: before its boot hook a lab's guests
        // pass, as a real dom0's would if its guests started before vifgate ran.
        long started = System.nanoTime();
        ReachabilitySampler[] started1 = new ReachabilitySampler[1];
        pair.start(
            () -> {
              assertGuests(labs.lab(0), false, "alpha after boot");
              assertGuests(labs.lab(1), false, "beta after boot");
              assertLsb(alpha, labs.lab(0), "stopped", 3);
              assertLsb(beta, labs.lab(1), "stopped", 3);
              started1[0] = new ReachabilitySampler(labs.lab(0), labs.lab(1));
              started1[0].phase("boot");
            });
        try (ReachabilitySampler sampler = started1[0]) {
          try {
            Duration startup = pair.awaitHolder(alpha, started, Duration.ofSeconds(60));
            measured.put("start-up to alpha active (ms)", startup.toMillis());
            awaitReachable(labs.lab(0), Duration.ofSeconds(10));
            sampler.phase("steady");
            sampler.paused(
                () -> {
                  assertGuests(labs.lab(0), true, "alpha active");
                  assertGuests(labs.lab(1), false, "beta passive");
                  return null;
                });
            assertLsb(alpha, labs.lab(0), "running", 0);
            assertLsb(beta, labs.lab(1), "stopped", 3);
            String status = status(alpha, labs.lab(0), "--output", "json");
            assertTrue(status.contains("\"setBy\" : \"heartbeat start\""), status);
            assertTrue(status.contains("\"inSync\" : true"), status);
            assertFalse(resourceHeld(beta), "beta holds the resource too");

            // 2. Heartbeat crash on alpha: beta takes over; alpha, unfenced, still passes.
            sampler.phase("crash (alpha's heartbeat killed, alpha not fenced)");
            HeartbeatNode.Kill kill = alpha.killHeartbeat();
            Duration crashRole =
                pair.awaitHolder(beta, kill, DEADTIME.plus(Duration.ofSeconds(15)));
            Duration crashReach = awaitReachable(labs.lab(1), kill.nanos(), Duration.ofSeconds(10));
            measured.put(
                "heartbeat killed -> beta's runtime role active (ms)", crashRole.toMillis());
            measured.put("heartbeat killed -> beta's guests reachable (ms)", crashReach.toMillis());
            assertTrue(
                crashRole.compareTo(
                        DEADTIME.minus(HeartbeatPair.DEFAULT_KEEPALIVE).minusMillis(100))
                    >= 0,
                "beta took over after " + crashRole + ", faster than the deadtime allows");
            assertTrue(
                crashReach.compareTo(DEADTIME.plus(MARGIN)) <= 0,
                "failover took "
                    + crashReach
                    + ", more than deadtime "
                    + DEADTIME
                    + " + "
                    + MARGIN);
            assertTrue(
                sampler.paused(
                    () -> labs.lab(0).probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1)),
                "alpha's guests were cut off although nothing ran alpha's stop");

            // Fence alpha: a power cut ends the split brain. Samples labelled after it started
            // after alpha's bridge stopped forwarding.
            cutOff(pair, labs.lab(0));
            sampler.phase("fenced (alpha off)");
            sampler.labA(null);
            pair.powerOff(alpha);
            assertEquals("", alpha.rebootAttempts());

            // 3. alpha boots again: blocked, then takes the resource back; beta stops first.
            sampler.phase("alpha boots");
            long rebooted = System.nanoTime();
            pair.powerOn(
                alpha,
                () -> {
                  assertFalse(resourceHeld(alpha), "alpha is active straight after boot");
                  assertGuests(labs.lab(0), false, "alpha after its reboot");
                  assertLsb(alpha, labs.lab(0), "stopped", 3);
                  sampler.labA(labs.lab(0));
                });
            sampler.phase("failback");
            Duration failback = pair.awaitHolder(alpha, rebooted, Duration.ofSeconds(60));
            measured.put("alpha powered on -> alpha active again (ms)", failback.toMillis());
            awaitReachable(labs.lab(0), Duration.ofSeconds(10));
            awaitHeldBy(beta, false, Duration.ofSeconds(10));
            sampler.paused(
                () -> {
                  assertGuests(labs.lab(0), true, "alpha after failback");
                  assertGuests(labs.lab(1), false, "beta after failback");
                  return null;
                });
            assertLsb(beta, labs.lab(1), "stopped", 3);

            // 4. Power cut of the active node: beta takes over. The cut is alpha's bridge going
            // down (nothing forwards any more) and all of alpha's processes dying at once; its
            // namespaces are deleted after the takeover, so that the kernel's namespace cleanup
            // does not compete with beta's takeover for the CPU and locks.
            long cut = System.nanoTime();
            cutOff(pair, labs.lab(0));
            sampler.phase("power cut of alpha");
            sampler.labA(null);
            alpha.stop();
            Duration cutRole = pair.awaitHolder(beta, cut, DEADTIME.plus(Duration.ofSeconds(15)));
            Duration cutReach = awaitReachable(labs.lab(1), cut, Duration.ofSeconds(10));
            measured.put(
                "alpha powered off -> beta's runtime role active (ms)", cutRole.toMillis());
            measured.put("alpha powered off -> beta's guests reachable (ms)", cutReach.toMillis());
            assertTrue(
                cutReach.compareTo(DEADTIME.plus(MARGIN)) <= 0,
                "failover took " + cutReach + ", more than deadtime " + DEADTIME + " + " + MARGIN);
            pair.powerOff(alpha);
            sampler.phase("beta active");
            sampler.paused(
                () -> {
                  assertGuests(labs.lab(1), true, "beta after the power cut");
                  return null;
                });
            assertEquals("", beta.rebootAttempts());

            // 5. A stop that cannot complete fails loudly. Config management pushes a broken
            // file to beta; then alpha comes back and wants its resource. beta's stop fails
            // (vifgate role passive cannot load the file), Heartbeat retries it ten times, asks
            // status (vifgate cannot tell, so: running) and fences beta: pkill heartbeat, then
            // /sbin/reboot, the stub here. The test completes that reboot the moment it is
            // attempted, as the real one would; alpha then takes over.
            Path betaConfig = config(beta);
            String goodConfig = Files.readString(betaConfig);
            Files.writeString(betaConfig, "version: 1\nnode: [\n");
            sampler.phase("alpha boots, beta's file is broken");
            long secondBoot = System.nanoTime();
            pair.powerOn(
                alpha,
                () -> {
                  assertGuests(labs.lab(0), false, "alpha after its second boot");
                  sampler.labA(labs.lab(0));
                });
            sampler.phase("beta's stop fails, Heartbeat retries");
            awaitRebootAttempt(beta, Duration.ofSeconds(90));
            long fenced = System.nanoTime();
            cutOff(pair, labs.lab(1));
            sampler.phase("beta fenced itself (rebooting)");
            sampler.labB(null);
            measured.put(
                "alpha powered on -> beta's failed stops end in a reboot (ms)",
                Duration.ofNanos(fenced - secondBoot).toMillis());
            String betaLog = Files.readString(beta.dir().resolve("log/ha-log"));
            assertEquals(10, count(betaLog, "Retrying failed stop operation [vifgate]"), betaLog);
            assertTrue(betaLog.contains("Resource STOP failure. Reboot required!"), betaLog);
            assertTrue(beta.rebootAttempts().contains("-nf"), beta.rebootAttempts());
            assertTrue(resourceHeld(beta), "beta's runtime role changed although its stop failed");
            beta.stop();
            Duration takeover =
                pair.awaitHolder(alpha, fenced, DEADTIME.plus(Duration.ofSeconds(15)));
            measured.put("beta fenced -> alpha's runtime role active (ms)", takeover.toMillis());
            awaitReachable(labs.lab(0), Duration.ofSeconds(10));

            // beta boots again with its file repaired: cut off, and it stays standby.
            Files.writeString(betaConfig, goodConfig);
            pair.powerOff(beta);
            sampler.phase("beta boots");
            pair.powerOn(
                beta,
                () -> {
                  assertGuests(labs.lab(1), false, "beta after its reboot");
                  assertLsb(beta, labs.lab(1), "stopped", 3);
                  sampler.labB(labs.lab(1));
                });
            HeartbeatNode.sleep(Duration.ofSeconds(2));
            sampler.phase("end");
            sampler.paused(
                () -> {
                  assertGuests(labs.lab(0), true, "alpha at the end");
                  assertGuests(labs.lab(1), false, "beta at the end");
                  return null;
                });
            assertLsb(alpha, labs.lab(0), "running", 0);
            assertLsb(beta, labs.lab(1), "stopped", 3);
            assertEquals("", alpha.rebootAttempts());
          } finally {
            sampler.close();
            report(backend, measured, sampler);
          }
          checkSamples(sampler);
        }
      } catch (Throwable e) {
        pair.printDiagnostics(System.out);
        throw e;
      }
    } finally {
      labs.closeAll();
    }
    String left = new ProcessRunner().run(Command.of("ip", "netns", "list")).stdout();
    for (String ns : concat(pairNetns, labs.names())) {
      assertFalse(left.contains(ns), ns + " was not deleted");
    }
    assertEquals(hostHaD, listing(Path.of("/etc/ha.d")), "the host's /etc/ha.d changed");
  }

  private static void checkRenderedFiles(HeartbeatNode alpha, HeartbeatNode beta, String key)
      throws IOException {
    for (HeartbeatNode node : List.of(alpha, beta)) {
      String haCf = Files.readString(node.haDir().resolve("ha.cf"));
      assertTrue(haCf.startsWith("# ha.cf: generated by vifgate from " + config(node)), haCf);
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(
                  node.haDir().resolve("authkeys"), LinkOption.NOFOLLOW_LINKS)));
      assertTrue(
          Files.readString(node.haDir().resolve("authkeys")).contains("1 sha1 " + key + "\n"));
      String agent = Files.readString(node.haDir().resolve("resource.d/vifgate"));
      assertTrue(agent.contains("\nVIFGATE='" + LAUNCHER + "'\n"), agent);
      assertTrue(agent.contains("\nCONFIG='" + config(node) + "'\n"), agent);
      assertTrue(agent.contains("\nSTATE_DIR='/run/vifgate'\n"), agent);
    }
    assertEquals(
        Files.readString(alpha.haDir().resolve("haresources")),
        Files.readString(beta.haDir().resolve("haresources")));
    assertTrue(
        Files.readString(alpha.haDir().resolve("haresources"))
            .contains("\nalpha IPaddr::" + SERVICE_ADDRESS + "/24/hb0 vifgate\n"));
  }

  private static void awaitRebootAttempt(HeartbeatNode node, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (node.rebootAttempts().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(node.name() + " did not try to reboot within " + timeout);
      }
      HeartbeatNode.sleep(Duration.ofMillis(10));
    }
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }

  /** The first instant of a power cut: the dom0's bridge stops forwarding. */
  private static void cutOff(HeartbeatPair pair, Dom0Lab lab) throws IOException {
    CommandResult down = pair.ip("-n", lab.dom0Namespace(), "link", "set", Dom0Lab.BRIDGE, "down");
    assertTrue(down.succeeded(), down.describeFailure());
  }

  private static boolean resourceHeld(HeartbeatNode node) throws IOException {
    return new VifgateResource().heldBy(node);
  }

  private static void awaitHeldBy(HeartbeatNode node, boolean held, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (resourceHeld(node) != held) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            node.name() + " still " + (held ? "does not hold" : "holds") + " the resource");
      }
      HeartbeatNode.sleep(Duration.ofMillis(20));
    }
  }

  /**
   * Every probe kind, every guest pair: all pass or all are cut; dom0 always passes. One pair at a
   * time: two ARP probes at once that share an endpoint race on flushing its neighbour table (ip
   * neigh flush fails with ENOENT when the other flush removed the entry first).
   */
  private static void assertGuests(Dom0Lab lab, boolean reachable, String what) throws IOException {
    Map<EndpointPair, Reachability> seen = new LinkedHashMap<>();
    for (EndpointPair pair : GUEST_PAIRS) {
      seen.putAll(lab.probes().survey(List.of(pair)));
    }
    seen.forEach(
        (pair, r) ->
            assertTrue(
                reachable ? r.every() : r.none(),
                what
                    + ": "
                    + pair
                    + " must "
                    + (reachable ? "pass" : "be cut off")
                    + ", saw "
                    + r));
    assertTrue(
        lab.probes().ipv4Reachable(DOM0_PAIR.from(), DOM0_PAIR.to()),
        what + ": dom0 must stay reachable");
  }

  private static Duration awaitReachable(Dom0Lab lab, Duration timeout) throws IOException {
    return awaitReachable(lab, System.nanoTime(), timeout);
  }

  /** Polls lan -> guest1 until it passes; returns how long after {@code sinceNanos} it did. */
  private static Duration awaitReachable(Dom0Lab lab, long sinceNanos, Duration timeout)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long probeStart = System.nanoTime();
      if (lab.probes().ipv4Reachable(Endpoint.LAN, Endpoint.GUEST1)) {
        return Duration.ofNanos(probeStart - sinceNanos);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the guests of " + lab.dom0Namespace() + " did not become reachable within " + timeout);
      }
    }
  }

  /** `vifgate status` from outside the node: its dom0 namespace, its private state directory. */
  private static String status(HeartbeatNode node, Dom0Lab lab, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "status",
                "-c",
                config(node).toString(),
                "--netns",
                lab.dom0Namespace(),
                "--state-dir",
                node.hostPath("/run/vifgate").toString(),
                "--out",
                node.haDir().toString()));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    return code + "\n" + out + err;
  }

  private static void assertLsb(HeartbeatNode node, Dom0Lab lab, String text, int code) {
    String result = status(node, lab, "--lsb");
    assertEquals(code + "\n" + text + "\n", result, "vifgate status --lsb on " + node.name());
  }

  private static void checkSamples(ReachabilitySampler sampler) {
    List<ReachabilitySampler.Sample> samples = sampler.samples();
    assertTrue(samples.size() > 20, "too few samples: " + samples.size());
    for (ReachabilitySampler.Sample s : samples) {
      if (!s.phase().startsWith("crash")) {
        assertFalse(
            s.both(), "both hosts' guests were reachable in the same sample, phase " + s.phase());
      }
    }
    assertEquals(List.of(), sampler.errors(), "probes that failed to run");
  }

  private static void report(
      Backend backend, Map<String, Long> measured, ReachabilitySampler sampler) {
    System.out.printf(
        "== vifgate cluster (%s backend), deadtime %d ms:%n", backend.id(), DEADTIME.toMillis());
    measured.forEach((what, ms) -> System.out.printf("   %-55s %6d%n", what, ms));
    Map<String, int[]> perPhase = new LinkedHashMap<>();
    for (ReachabilitySampler.Sample s : sampler.samples()) {
      int[] c = perPhase.computeIfAbsent(s.phase(), k -> new int[4]);
      c[0]++;
      c[1] += Boolean.TRUE.equals(s.a()) ? 1 : 0;
      c[2] += Boolean.TRUE.equals(s.b()) ? 1 : 0;
      c[3] += s.both() ? 1 : 0;
    }
    System.out.println("   samples per phase: total / alpha's guests reachable / beta's / both");
    perPhase.forEach(
        (phase, c) ->
            System.out.printf("   %-55s %3d %3d %3d %3d%n", phase, c[0], c[1], c[2], c[3]));
    sampler.errors().forEach(e -> System.out.println("   probe error: " + e));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(
              p -> {
                try {
                  return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                  return p + " ?";
                }
              })
          .sorted()
          .toList();
    }
  }
}
