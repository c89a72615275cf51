package org.vifgate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vifgate.config.ConfigLoader;
import org.vifgate.config.DesiredState;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.lab.Dom0Lab;
import org.vifgate.lab.Endpoint;
import org.vifgate.lab.EndpointPair;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Reachability;
import org.vifgate.netfilter.apply.Applier;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.reconcile.BridgeSysctls;
import org.vifgate.reconcile.HostReconciler;
import org.vifgate.reconcile.KernelLiveSource;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.PlanText;
import org.vifgate.reconcile.Reconciler;
import org.vifgate.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Build a throwaway imitation of a Xen dom0 in network namespaces and show vifgate at work:"
          + " bridge xenbr0 with the uplink peth0 to a 'lan' namespace, dom0's own port vif0.0,"
          + " and two guests on vif1.0 and vif2.0. vifgate reconciles it passive (guests cut off,"
          + " dom0 reachable), flips it active, reboots a guest onto a new vif, flips it back, and"
          + " removes everything it made, also when interrupted.",
      "",
      "Needs root (network namespaces) and the netfilter tools; touches nothing outside the"
          + " namespaces it creates (addresses from 198.51.100.0/24 and 203.0.113.0/24).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {"  sudo bin/vifgate demo", "  sudo bin/vifgate demo --backend legacy"})
final class DemoCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "nft", description = "nft or legacy (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--prefix", paramLabel = "NAME", defaultValue = "vgdemo", description = "Namespace name prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  private static final List<EndpointPair> PAIRS =
      List.of(
          EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1),
          EndpointPair.of(Endpoint.GUEST2, Endpoint.LAN),
          EndpointPair.of(Endpoint.GUEST1, Endpoint.GUEST2),
          EndpointPair.of(Endpoint.DOM0, Endpoint.LAN));

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!backend.equals("nft") && !backend.equals("legacy")) {
      throw new UserFacingException("--backend: nft or legacy, not '" + backend + "'", ExitCodes.USAGE);
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new UserFacingException("demo needs root to create network namespaces: sudo bin/vifgate demo");
    }
    Tools tools = Tools.system();
    ProcessRunner runner = new ProcessRunner();
    Dom0Lab.cleanupStale(runner, tools, prefix);
    Path dir = Files.createTempDirectory("vifgate-demo");
    out.println("== Building a throwaway Xen dom0 in network namespaces " + prefix + "-{dom0,lan,domu1,domu2}");
    Dom0Lab lab = Dom0Lab.create(runner, tools, prefix, LabOptions.defaults());
    Thread cleanup = new Thread(() -> closeQuietly(lab, dir), "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      out.println("   xenbr0 ports: peth0 (uplink to lan), vif0.0 (dom0), vif1.0 (guest1), vif2.0 (guest2)");
      Path config = dir.resolve("vifgate.yaml");
      HostReconciler host =
          new HostReconciler(
              reconciler(runner, tools, lab.dom0Namespace()),
              new StateDir(dir.resolve("state"), config),
              lab.dom0Namespace(),
              Duration.ofSeconds(10));

      step(out, 1, "The file says passive: vifgate cuts the guests off, dom0 stays reachable", config, "passive", host, lab);
      step(out, 2, "Heartbeat makes this host active: one rule changes", config, "active", host, lab);
      out.println();
      out.println("== 3. guest1 reboots and comes back on a new vif: vif1.0 becomes vif7.0");
      lab.rebootGuest(Endpoint.GUEST1, 7);
      survey(out, lab);
      step(out, 4, "Back to passive: the rebooted guest is cut off too, no rule names it", config, "passive", host, lab);
      out.println();
      out.println("== Done: removing the namespaces");
      return ExitCodes.OK;
    } finally {
      closeQuietly(lab, dir);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run; it cleans up the same things.
      }
    }
  }

  private Reconciler reconciler(ProcessRunner runner, Tools tools, String netns) {
    NetnsRunner inDom0 = new NetnsRunner(runner, tools.require("ip"), netns);
    return new Reconciler(
        new KernelLiveSource(inDom0, tools), new Applier(inDom0, tools), new BridgeSysctls(inDom0, tools), true);
  }

  private void step(PrintWriter out, int number, String title, Path config, String role, HostReconciler host, Dom0Lab lab)
      throws Exception {
    out.println();
    out.println("== " + number + ". " + title);
    Files.writeString(config, yaml(role));
    DesiredState state = ConfigLoader.load(config).orElseThrow();
    out.println("$ vifgate reconcile   (role: " + role + ", backend: " + backend + ")");
    Outcome outcome = host.reconcile(state, true, Optional.empty());
    for (String line : PlanText.text(outcome.plan()).split("\n")) {
      out.println("   " + line);
    }
    survey(out, lab);
  }

  private static void survey(PrintWriter out, Dom0Lab lab) throws IOException {
    Map<EndpointPair, Reachability> seen = lab.probes().survey(PAIRS);
    out.println("   reachability            ipv4   arp    ipv6   vlan");
    for (EndpointPair pair : PAIRS) {
      Reachability r = seen.get(pair);
      out.printf(
          "   %-22s  %-6s %-6s %-6s %-6s%n",
          name(pair.from()) + " -> " + name(pair.to()), mark(r.ipv4()), mark(r.arp()), mark(r.ipv6()), mark(r.vlan()));
    }
    out.flush();
  }

  private static String name(Endpoint endpoint) {
    return endpoint.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String mark(boolean passes) {
    return passes ? "passes" : "cut";
  }

  private String yaml(String role) {
    return "version: 1\nnode: DEMO\nrole: " + role + "\nbackend: " + backend + "\nmanageSysctls: true\n"
        + "dom0:\n  vifs: [vif0.0]\nbridges:\n  - {name: xenbr0, uplink: peth0}\n";
  }

  private static void closeQuietly(Dom0Lab lab, Path dir) {
    try {
      lab.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("vifgate demo: cleanup: " + e.getMessage());
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Already gone: the other of the finally block and the shutdown hook removed it.
    }
  }
}
