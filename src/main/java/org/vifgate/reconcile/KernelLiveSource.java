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
import org.vifgate.netfilter.model.DumpId;
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
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, toRead.size()), KernelLiveSource::daemon);
    try {
      Map<DumpId, Future<Ruleset>> futures = new LinkedHashMap<>();
      for (DumpId dump : toRead) {
        futures.put(dump, pool.submit(() -> readOne(dump, table)));
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

  private Ruleset readOne(DumpId dump, String table) throws LiveReadException {
    try {
      return dumps.read(dump.kind(), dump.backend(), table);
    } catch (LiveDumpException e) {
      throw new LiveReadException("cannot read the live " + dump.tool() + " rules: " + e.getMessage(), e);
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "live-read");
    thread.setDaemon(true);
    return thread;
  }
}
