package org.vifgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vifgate.config.DesiredState;
import org.vifgate.config.Role;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.state.HostLock;
import org.vifgate.reconcile.BridgeSysctls;
import org.vifgate.reconcile.KernelLiveSource;
import org.vifgate.netfilter.apply.Applier;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.parse.ArptablesListingParser;
import org.vifgate.netfilter.parse.SaveParser;
import org.vifgate.reconcile.HostReconciler;
import org.vifgate.reconcile.LiveSnapshot;
import org.vifgate.reconcile.LiveSource;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.reconcile.Reconciler;
import org.vifgate.reconcile.SettledRules;
import org.vifgate.netfilter.plan.GateSpec;
import org.vifgate.state.RuntimeRole;
import org.vifgate.state.RuntimeState;
import org.vifgate.state.StateDir;


/**
 * Not for users: bin/vifgate runs this once, with -XX:ArchiveClassesAtExit, to record the classes
 * of the everyday paths (load the file, parse dumps, plan, write a restore script, run a process,
 * print a plan) into a class-data-sharing archive. It touches no netfilter state: every "tool" it
 * runs is /bin/true, and all files live in a temporary directory it deletes.
 */
@picocli.CommandLine.Command(name = "cds-training", hidden = true)
final class CdsTrainingCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("vifgate-cds");
    try {
      Path config = dir.resolve("vifgate.yaml");
      Files.writeString(config, resource("vifgate.yaml"));
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      DesiredState state = CliSupport.load(config, sink);
      Map<DumpId, Ruleset> dumps = new LinkedHashMap<>();
      dumps.put(new DumpId(Family.BRIDGE, Backend.NFT), SaveParser.parse(DumpKind.EBTABLES, Backend.NFT, resource("ebtables.save")));
      dumps.put(new DumpId(Family.IPV4, Backend.LEGACY), SaveParser.parse(DumpKind.IPTABLES, resource("iptables.save")));
      dumps.put(new DumpId(Family.ARP, Backend.LEGACY), ArptablesListingParser.parse(resource("arptables.listing")));
      LiveSource source =
          new LiveSource() {
            @Override
            public LiveSnapshot read(Collection<DumpId> wanted, Scope scope) {
              Map<DumpId, Ruleset> read = new LinkedHashMap<>();
              wanted.forEach(id -> read.put(id, dumps.getOrDefault(id, Ruleset.empty(id.kind(), id.backend()))));
              return new LiveSnapshot(read, Map.of());
            }

            @Override
            public boolean isKernel() {
              return false;
            }
          };
      ProcessRunner processes = new ProcessRunner();
      CommandRunner harmless = command -> processes.run(new Command(List.of("/bin/true"), command.stdin(), Duration.ofSeconds(5)));
      Tools tools = Tools.system();
      Reconciler reconciler = new Reconciler(source, new Applier(harmless, tools), null, true);
      trainKernelPath(dir, config, tools, harmless, sink);
      StateDir stateDir = new StateDir(dir.resolve("state"), config);
      new RuntimeState(stateDir).setRole(new RuntimeRole(Role.ACTIVE, RuntimeState.currentBootId(), Instant.now(), "training"));
      HostReconciler host = new HostReconciler(reconciler, stateDir, null, Duration.ofSeconds(1));
      for (Role role : Role.values()) {
        Outcome outcome = host.reconcile(state.withRole(role), false, Optional.of(role));
        OutcomePrinter.print(sink, outcome, OutputFormat.TEXT, true);
        OutcomePrinter.print(sink, outcome, OutputFormat.JSON, true);
      }
      try {
        host.reconcile(state, true, Optional.empty());
      } catch (ReconcileException expected) {
        // The fake kernel never changes, so the read-back fails: that path is worth loading too.
      }
      return ExitCodes.OK;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /**
   * The classes and lambdas of a real `vifgate reconcile` on the kernel: the command line parsed by
   * picocli, the live tables read side by side by {@link KernelLiveSource}, the sysctls checked, a
   * plan applied and read back. Every command is answered by {@link #cannedKernel} (nothing runs)
   * except the applies, which run /bin/true.
   */
  private static void trainKernelPath(
      Path dir, Path config, Tools tools, CommandRunner harmless, PrintWriter sink) throws IOException {
    Path ebtables = Files.writeString(dir.resolve("ebtables.save"), resource("ebtables.save"));
    Path iptables = Files.writeString(dir.resolve("iptables.save"), resource("iptables.save"));
    Main.run(sink, sink, "reconcile", "-c", config.toString(), "--live-ebtables", ebtables.toString(),
        "--live-iptables", iptables.toString(), "--assume-role", "active");
    // The lines a flip runs, read without picocli (not run: they would touch this host's rules).
    QuickCommandLine.parse(
        new String[] {"reconcile", "-c", config.toString(), "--netns", "training", "--state-dir", dir.toString()},
        new Streams(sink, sink));
    QuickCommandLine.parse(
        new String[] {"role", "passive", "-c", config.toString(), "--by", "heartbeat", "--state-dir", dir.toString()},
        new Streams(sink, sink));
    CommandRunner kernel = new NetnsRunner(cannedKernel(), tools.require("ip"), "training");
    for (String backend : List.of("nft", "legacy")) {
      Path file = dir.resolve(backend + ".yaml");
      Files.writeString(file, resource("vifgate.yaml").replace("backend: nft", "backend: " + backend));
      DesiredState state = CliSupport.load(file, sink);
      Reconciler reconciler =
          new Reconciler(
              new KernelLiveSource(kernel, tools),
              new Applier(harmless, tools),
              new BridgeSysctls(kernel, tools),
              true);
      StateDir stateDir = new StateDir(dir.resolve("state"), file);
      HostReconciler host = new HostReconciler(reconciler, stateDir, null, Duration.ofSeconds(1));
      // As left by a reconcile to active: the command line's flip to passive starts with the flip
      // (Reconciler's flip ahead), where the backend allows it.
      Files.createDirectories(stateDir.root());
      Files.writeString(
          stateDir.settledFile(null),
          SettledRules.of(
                  RuntimeState.currentBootId(),
                  GateSpec.of(Backend.valueOf(backend.toUpperCase(java.util.Locale.ROOT)), Role.ACTIVE, state.dom0Vifs()))
              .serialize());
      try {
        OutcomePrinter.print(sink, host.reconcile(state, true, Optional.of(Role.PASSIVE)), OutputFormat.TEXT, false);
      } catch (ReconcileException | HostLock.LockTimeoutException expected) {
        // The canned kernel never changes, so the read-back fails: that path is worth loading too.
      }
    }
  }

  /** Answers the read commands of a reconcile with the training dumps, as a kernel would. */
  private static CommandRunner cannedKernel() throws IOException {
    String ebtables = resource("ebtables.save");
    String iptables = resource("iptables.save");
    String arptables = resource("arptables.listing");
    return command -> {
      // Through NetnsRunner (below) the program comes after `ip netns exec NAME`.
      List<String> argv = command.argv();
      String first = Path.of(argv.get(0)).getFileName().toString();
      int skip = first.equals("ip") && argv.size() > 4 ? 4 : 0;
      String program = Path.of(argv.get(skip)).getFileName().toString();
      String out;
      if (program.equals("grep")) {
        out = "/proc/net/ip_tables_names:filter\n/proc/net/arp_tables_names:filter\n";
      } else if (program.equals("sysctl")) {
        out = "1\n".repeat(argv.size() - skip - 2);
      } else if (program.startsWith("arptables")) {
        out = arptables;
      } else if (program.equals("ebtables-nft-save")) {
        out = ebtables;
      } else if (program.equals("iptables-legacy-save")) {
        out = iptables;
      } else {
        out = "";
      }
      return new CommandResult(command, 0, out.getBytes(StandardCharsets.UTF_8), "", Duration.ZERO);
    };
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CdsTrainingCommand.class.getResourceAsStream("training/" + name)) {
      if (in == null) {
        throw new IOException("missing training resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
