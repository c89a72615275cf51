package org.vifgate.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.parse.ArptablesListingParser;
import org.vifgate.netfilter.parse.DumpParseException;
import org.vifgate.netfilter.parse.SaveParser;

/**
 * Reads the running kernel's rules with the explicit save tools, all dumps at once (each tool
 * spends most of its time waiting for the kernel, so running them side by side costs about as
 * much as the slowest one).
 *
 * <p>Legacy ARP state is read from {@code arptables-legacy -L -n -v --line-numbers}, never from
 * Debian's arptables-legacy-save (a wrapper around the nft tool). A legacy table is only read when
 * /proc/net/*_tables_names lists it: asking for it would otherwise create it, after which every
 * nft tool warns about legacy tables forever.
 */
public final class KernelLiveSource implements LiveSource {

  private final CommandRunner runner;
  private final Tools tools;

  public KernelLiveSource(CommandRunner runner, Tools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  @Override
  public boolean isKernel() {
    return true;
  }

  @Override
  public LiveSnapshot read(Collection<DumpId> dumps, Scope scope) throws LiveReadException {
    Map<DumpId, Ruleset> read = new LinkedHashMap<>();
    Map<DumpId, String> unavailable = new LinkedHashMap<>();
    List<DumpId> toRead = new ArrayList<>();
    for (DumpId dump : dumps) {
      String saveTool = saveTool(dump);
      if (tools.find(saveTool).isEmpty()) {
        unavailable.put(dump, saveTool + " is not installed");
      } else {
        toRead.add(dump);
      }
    }
    if (toRead.size() == 1) {
      read.put(toRead.get(0), readOne(toRead.get(0), scope));
      return new LiveSnapshot(read, unavailable);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, toRead.size()), KernelLiveSource::daemon);
    try {
      Map<DumpId, Future<Ruleset>> futures = new LinkedHashMap<>();
      for (DumpId dump : toRead) {
        futures.put(dump, pool.submit(() -> readOne(dump, scope)));
      }
      for (Map.Entry<DumpId, Future<Ruleset>> entry : futures.entrySet()) {
        read.put(entry.getKey(), entry.getValue().get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LiveReadException live) {
        throw live;
      }
      throw new LiveReadException("reading live rules failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LiveReadException("interrupted while reading live rules", e);
    } finally {
      pool.shutdownNow();
    }
    return new LiveSnapshot(read, unavailable);
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "live-read");
    thread.setDaemon(true);
    return thread;
  }

  static String saveTool(DumpId dump) {
    return isLegacyArp(dump) ? dump.tool() : dump.tool() + "-save";
  }

  private static boolean isLegacyArp(DumpId dump) {
    return dump.family() == Family.ARP && dump.backend() == Backend.LEGACY;
  }

  private Ruleset readOne(DumpId dump, Scope scope) throws LiveReadException {
    try {
      if (dump.backend() == Backend.LEGACY) {
        List<String> tables = legacyTables(dump);
        if (scope == Scope.FILTER ? !tables.contains("filter") : tables.isEmpty()) {
          return Ruleset.empty(dump.kind(), Backend.LEGACY);
        }
      }
      if (isLegacyArp(dump)) {
        String listing = run(dump, tools.require(dump.tool()), "-L", "-n", "-v", "--line-numbers");
        return ArptablesListingParser.parse(listing);
      }
      String text =
          scope == Scope.FILTER
              ? run(dump, tools.require(saveTool(dump)), "-t", "filter")
              : run(dump, tools.require(saveTool(dump)));
      return SaveParser.parse(dump.kind(), dump.backend(), text);
    } catch (DumpParseException e) {
      throw new LiveReadException(saveTool(dump) + " printed something vifgate cannot read: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new LiveReadException(e.getMessage(), e);
    }
  }

  /**
   * The legacy tables that exist in the namespace. Asking a legacy tool for a table that does not
   * exist yet creates it, so vifgate looks first.
   */
  private List<String> legacyTables(DumpId dump) throws IOException, LiveReadException {
    String file =
        switch (dump.family()) {
          case IPV4 -> "/proc/net/ip_tables_names";
          case IPV6 -> "/proc/net/ip6_tables_names";
          case ARP -> "/proc/net/arp_tables_names";
          case BRIDGE -> throw new IllegalArgumentException("no legacy bridge tables: " + dump);
        };
    CommandResult names = runner.run(Command.of(tools.require("cat"), file));
    // Without the file the kernel has no such legacy tables at all, and so no rules in them.
    return names.succeeded() ? names.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList() : List.of();
  }

  private String run(DumpId dump, String... argv) throws IOException, LiveReadException {
    CommandResult result = runner.run(Command.of(argv));
    if (!result.succeeded()) {
      // iptables-save exits 3 when it cannot translate a native nft rule, with truncated output.
      throw new LiveReadException("cannot read " + dump.display() + " rules: " + result.describeFailure());
    }
    return result.stdout();
  }
}
