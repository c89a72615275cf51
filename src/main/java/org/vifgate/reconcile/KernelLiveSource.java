package org.vifgate.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.live.LiveDumpException;
import org.vifgate.netfilter.live.LiveDumps;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.TableId;

/**
 * The running kernel as a {@link LiveSource}: every dump is read with {@link LiveDumps}, all of
 * them at once (each tool spends most of its time waiting for the kernel, so running them side by
 * side costs about as much as the slowest one). A dump whose tool is not installed is reported as
 * unavailable rather than failing the run; the reconciler decides whether it needed it.
 */
public final class KernelLiveSource implements LiveSource {

  private final LiveDumps dumps;
  private final Tools tools;

  public KernelLiveSource(CommandRunner runner, Tools tools) {
    this.dumps = new LiveDumps(runner, tools);
    this.tools = tools;
  }

  @Override
  public boolean isKernel() {
    return true;
  }

  @Override
  public LiveSnapshot read(Collection<DumpId> wanted, Scope scope) throws LiveReadException {
    Map<DumpId, String> unavailable = new LinkedHashMap<>();
    List<DumpId> toRead = new ArrayList<>();
    for (DumpId dump : wanted) {
      String tool = LiveDumps.saveTool(dump.kind(), dump.backend());
      if (tools.find(tool).isEmpty()) {
        unavailable.put(dump, tool + " is not installed");
      } else {
        toRead.add(dump);
      }
    }
    String table = scope == Scope.FILTER ? TableId.FILTER : null;
    Map<DumpId, Ruleset> read = new LinkedHashMap<>();
    if (toRead.size() == 1) {
      read.put(toRead.get(0), readOne(toRead.get(0), table));
      return new LiveSnapshot(read, unavailable);
    }
    boolean anyLegacy = toRead.stream().anyMatch(d -> d.backend() == Backend.LEGACY);
    ExecutorService pool = Executors.newFixedThreadPool(toRead.size() + 1, KernelLiveSource::daemon);
    try {
      // One look at which legacy tables exist, side by side with the other reads; a legacy dump
      // runs only if its table is there (on hosts that never used the legacy tools, none do).
      Future<Map<DumpKind, List<String>>> legacy = anyLegacy ? pool.submit(dumps::legacyTables) : null;
      Map<DumpId, Future<Ruleset>> futures = new LinkedHashMap<>();
      for (DumpId dump : toRead) {
        futures.put(
            dump,
            pool.submit(
                () -> dump.backend() == Backend.LEGACY ? readOne(dump, table, legacyTables(legacy)) : readOne(dump, table, null)));
      }
      for (Map.Entry<DumpId, Future<Ruleset>> entry : futures.entrySet()) {
        read.put(entry.getKey(), entry.getValue().get());
      }
    } catch (ExecutionException e) {
      throw LiveReadException.of(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LiveReadException("interrupted while reading live rules", e);
    } finally {
      pool.shutdownNow();
    }
    return new LiveSnapshot(read, unavailable);
  }

  private Ruleset readOne(DumpId dump, String table) throws LiveReadException {
    return readOne(dump, table, null);
  }

  private Ruleset readOne(DumpId dump, String table, Map<DumpKind, List<String>> legacyPresent)
      throws LiveReadException {
    try {
      return dumps.read(dump.kind(), dump.backend(), table, legacyPresent);
    } catch (LiveDumpException e) {
      throw new LiveReadException("cannot read the live " + dump.tool() + " rules: " + e.getMessage(), e);
    }
  }

  private static Map<DumpKind, List<String>> legacyTables(Future<Map<DumpKind, List<String>>> probe)
      throws LiveReadException, InterruptedException {
    try {
      return probe.get();
    } catch (ExecutionException e) {
      throw new LiveReadException(
          "cannot tell which legacy tables exist: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "live-read");
    thread.setDaemon(true);
    return thread;
  }
}
