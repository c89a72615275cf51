package org.vifgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;
import org.vifgate.netfilter.parse.DumpParseException;
import org.vifgate.netfilter.parse.SaveParser;
import org.vifgate.netfilter.plan.GateSpec;
import org.vifgate.netfilter.plan.Plan;
import org.vifgate.netfilter.plan.Planner;
import org.vifgate.reconcile.LiveSnapshot;

/**
 * A plain harness for bench/parse-benchmark.sh (no JMH: the figure that matters is the ratio to
 * the real iptables-save, measured by the script on the same machine).
 *
 * <pre>
 * ParseBenchmark generate RULES CHAINS     an iptables-restore file on stdout
 * ParseBenchmark parse FILE RUNS [WHAT]    parses FILE (an iptables-save dump) RUNS times
 * ParseBenchmark paired FILE RUNS WHAT NETNS SAVE_TOOL
 *                                          the same, each run right after SAVE_TOOL ran in NETNS
 * </pre>
 *
 * <p>WHAT is what each run does: {@code parse} (the default) parses the dump and counts its
 * rules; {@code plan} parses it and plans a gate against it, as a reconcile does ({@link
 * Planner#plan} over the dump's filter table, for an nft gate with dom0 port vif0.0); {@code read}
 * parses it and reads every rule's text and facts, as {@code vifgate inspect} does. Each may end
 * in {@code -bytes} ({@code plan-bytes}): the parser is then given the file's bytes, as the live
 * read gives it a tool's output, instead of the file read into a String before the timing.
 *
 * <p>{@code parse} prints one line per figure, {@code key=value}: the first (cold) run in this
 * JVM, the median of the later (warm) ones, the rule count, and the peak heap in use, which the
 * script bounds with {@code -Xmx200m}.
 *
 * <p>{@code paired} times the save tool (inside the namespace, by bash's {@code time}, so without
 * the cost of entering it) just before each run, and reports the median of the per-run ratios: on
 * a machine whose speed drifts from one second to the next, a save and a parse measured minutes
 * apart can differ by the drift alone.
 */
public final class ParseBenchmark {

  private ParseBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("generate")) {
      generate(Integer.parseInt(args[1]), Integer.parseInt(args[2]), System.out);
    } else if ((args.length == 3 || args.length == 4) && args[0].equals("parse")) {
      parse(Path.of(args[1]), Integer.parseInt(args[2]), args.length == 4 ? args[3] : "parse", null);
    } else if (args.length == 6 && args[0].equals("paired")) {
      parse(Path.of(args[1]), Integer.parseInt(args[2]), args[3], List.of(args[4], args[5]));
    } else {
      System.err.println(
          "usage: ParseBenchmark generate RULES CHAINS | parse FILE RUNS [parse|plan|read][-bytes]"
              + " | paired FILE RUNS WHAT NETNS SAVE_TOOL");
      System.exit(2);
    }
  }

  /**
   * RULES rules in the filter table: one jump from FORWARD into each of CHAINS user chains, the
   * rest spread over the user chains. The rules mix what real hosts carry: physdev, comments with
   * spaces and quotes, ports, conntrack, marks, statistic, LOG with a prefix, negation.
   */
  static void generate(int rules, int chains, PrintStream out) {
    StringBuilder s = new StringBuilder(rules * 96);
    s.append("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    for (int c = 0; c < chains; c++) {
      s.append(':').append(chainName(c)).append(" - [0:0]\n");
    }
    for (int c = 0; c < chains; c++) {
      s.append("-A FORWARD -m comment --comment \"vifgate: jump ").append(c).append("\" -j ")
          .append(chainName(c)).append('\n');
    }
    for (int i = 0; i < rules - chains; i++) {
      String chain = chainName(i % chains);
      s.append("-A ").append(chain).append(' ');
      switch (i % 6) {
        case 0:
          s.append("-s 198.51.100.").append(i % 256).append("/32 -p tcp -m tcp --dport ").append(1 + i % 60000)
              .append(" -m comment --comment \"rule ").append(i).append(" \\\"quoted\\\"\" -j ACCEPT");
          break;
        case 1:
          s.append("-m physdev --physdev-in vif").append(i % 100).append(".0 --physdev-is-bridged -j DROP");
          break;
        case 2:
          s.append("-d 203.0.113.").append(i % 256).append("/32 -p udp -m udp --dport 53 -m conntrack --ctstate NEW")
              .append(" -j ACCEPT");
          break;
        case 3:
          s.append("-m mark --mark 0x").append(Integer.toHexString(i)).append("/0xffff -m statistic --mode random")
              .append(" --probability 0.50000000000 -j RETURN");
          break;
        case 4:
          s.append("! -s 198.51.100.0/24 -i vif").append(i % 100).append(".0 -j LOG --log-prefix \"drop ")
              .append(i % 1000).append(": \"");
          break;
        default:
          s.append("-p tcp -m multiport ! --dports 22,80,443 -m physdev ! --physdev-out vif").append(i % 100)
              .append(".1 -j REJECT --reject-with icmp-port-unreachable");
      }
      s.append('\n');
    }
    s.append("COMMIT\n");
    out.print(s);
    out.flush();
  }

  private static String chainName(int c) {
    return String.format("VG-%04d", c);
  }

  /** @param save the namespace and the save tool to time before each run, or null */
  static void parse(Path file, int runs, String what, List<String> save)
      throws IOException, DumpParseException, InterruptedException {
    boolean fromBytes = what.endsWith("-bytes");
    String step = fromBytes ? what.substring(0, what.length() - "-bytes".length()) : what;
    Run run =
        switch (step) {
          case "parse" -> ParseBenchmark::parseOnce;
          case "plan" -> ParseBenchmark::planOnce;
          case "read" -> ParseBenchmark::readOnce;
          default -> throw new IllegalArgumentException("parse, plan or read (-bytes), not " + what);
        };
    // Only the form the parser is given is held, so the heap bounds of the script still apply.
    String text = fromBytes ? null : Files.readString(file, StandardCharsets.UTF_8);
    byte[] bytes = fromBytes ? Files.readAllBytes(file) : null;
    Dump dump =
        fromBytes
            ? () -> SaveParser.parse(DumpKind.IPTABLES, bytes)
            : () -> SaveParser.parse(DumpKind.IPTABLES, text);
    long[] wall = new long[runs];
    long[] cpu = new long[runs];
    long[] gcMillis = new long[runs];
    long[] allocated = new long[runs];
    long[] saveWall = new long[runs];
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    int rules = 0;
    for (int i = 0; i < runs; i++) {
      if (save != null) {
        saveWall[i] = timedSave(save.get(0), save.get(1));
      }
      // Start each parse from a clean heap, as a fresh vifgate process does; not timed.
      System.gc();
      long gcBefore = gcMillis();
      long allocBefore = threads.getThreadAllocatedBytes(self);
      // This thread's CPU only: a large dump's second half is checked by a helper thread, whose
      // CPU is not in it (the process's CPU time here counts in 10 ms ticks, too coarse to use).
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      rules = run.once(dump);
      wall[i] = System.nanoTime() - start;
      cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
      gcMillis[i] = gcMillis() - gcBefore;
      allocated[i] = threads.getThreadAllocatedBytes(self) - allocBefore;
    }
    StringBuilder each = new StringBuilder();
    for (long w : wall) {
      each.append(each.length() == 0 ? "" : " ").append(String.format("%.1f", w / 1e6));
    }
    System.out.printf("runs_ms=%s%n", each);
    if (save != null) {
      long[] ratios = new long[runs];
      for (int i = 0; i < runs; i++) {
        ratios[i] = Math.round(1e6 * wall[i] / saveWall[i]);
      }
      StringBuilder saves = new StringBuilder();
      for (long w : saveWall) {
        saves.append(saves.length() == 0 ? "" : " ").append(String.format("%.0f", w / 1e6));
      }
      System.out.printf("paired_save_runs_ms=%s%n", saves);
      System.out.printf("paired_save_warm_median_ms=%.1f%n", warmMedian(saveWall) / 1e6);
      System.out.printf("paired_warm_median_ms=%.1f%n", warmMedian(wall) / 1e6);
      System.out.printf("paired_warm_median_ratio=%.3f%n", warmMedian(ratios) / 1e6);
    }
    System.out.printf("bytes=%d%n", fromBytes ? bytes.length : text.length());
    System.out.printf("rules=%d%n", rules);
    System.out.printf("cold_ms=%.1f%n", wall[0] / 1e6);
    System.out.printf("cold_thread_cpu_ms=%.1f%n", cpu[0] / 1e6);
    System.out.printf("warm_median_ms=%.1f%n", warmMedian(wall) / 1e6);
    System.out.printf("warm_min_ms=%.1f%n", warmMin(wall) / 1e6);
    System.out.printf("warm_median_thread_cpu_ms=%.1f%n", warmMedian(cpu) / 1e6);
    System.out.printf("warm_min_thread_cpu_ms=%.1f%n", warmMin(cpu) / 1e6);
    System.out.printf("warm_median_gc_ms=%d%n", warmMedian(gcMillis));
    System.out.printf("allocated_per_parse_mb=%.1f%n", warmMedian(allocated) / 1048576.0);
    System.out.printf("heap_peak_mb=%.1f%n", peakHeap() / 1048576.0);
    System.out.printf("heap_max_mb=%.1f%n", Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  /**
   * One run of the save tool inside the namespace, timed by bash's {@code time} there (the tool is
   * bash's {@code $0}, not part of the script text); its output is discarded.
   */
  private static long timedSave(String netns, String tool) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "ip", "netns", "exec", netns, "bash", "-c",
                "TIMEFORMAT=%R; { time \"$0\" >/dev/null 2>&1; } 2>&1", tool)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    if (process.waitFor() != 0) {
      throw new IOException("timing " + tool + " in " + netns + " failed: " + out);
    }
    return Math.round(Double.parseDouble(out) * 1e9);
  }

  /** The parse of the dump, from its text or its bytes. */
  private interface Dump {
    Ruleset parse() throws DumpParseException;
  }

  /** One timed run; returns the rule count. Its own method, so no result outlives the run. */
  private interface Run {
    int once(Dump dump) throws DumpParseException;
  }

  private static int parseOnce(Dump dump) throws DumpParseException {
    return dump.parse().ruleCount();
  }

  private static final GateSpec GATE = GateSpec.of(Backend.NFT, Role.PASSIVE, List.of("vif0.0"));

  /** Parse, then plan as a reconcile does: the dump stands for the live table of its backend. */
  private static int planOnce(Dump dump) throws DumpParseException {
    Ruleset ruleset = dump.parse();
    LiveSnapshot live = new LiveSnapshot(Map.of(new DumpId(Family.IPV4, ruleset.backend()), ruleset), Map.of());
    Plan plan = Planner.plan(GATE, live.filterTables());
    if (plan.tables().isEmpty()) {
      throw new IllegalStateException("an empty plan");
    }
    return ruleset.ruleCount();
  }

  /** Parse, then read every rule's text and facts, as inspect prints them. */
  private static int readOnce(Dump dump) throws DumpParseException {
    Ruleset ruleset = dump.parse();
    long sum = 0;
    int rules = 0;
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        for (Rule rule : chain.rules()) {
          sum += rule.text().length() + rule.tokens().size() + rule.modules().size();
          rules++;
        }
      }
    }
    if (sum == 0) {
      throw new IllegalStateException("nothing read");
    }
    return rules;
  }

  private static long warmMedian(long[] values) {
    long[] warm = Arrays.copyOfRange(values, 1, values.length);
    Arrays.sort(warm);
    return warm.length == 0 ? -1 : warm[warm.length / 2];
  }

  private static long warmMin(long[] values) {
    long[] warm = Arrays.copyOfRange(values, 1, values.length);
    Arrays.sort(warm);
    return warm.length == 0 ? -1 : warm[0];
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
