package org.vifgate.netfilter.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.parse.ArptablesListingParser;
import org.vifgate.netfilter.parse.DumpParseException;
import org.vifgate.netfilter.parse.SaveParser;

/**
 * Reads what the kernel holds, as a {@link Ruleset} per (kind, backend), by running the explicit
 * save tools through a {@link CommandRunner} (wrap it in a {@code NetnsRunner} to read a
 * namespace). Never runs the {@code iptables}/{@code arptables} alternatives links, and never
 * Debian's {@code arptables-legacy-save}, a wrapper that lists the nft tables.
 *
 * <table>
 *   <caption>What is run</caption>
 *   <tr><th>kind</th><th>nft</th><th>legacy</th></tr>
 *   <tr><td>iptables</td><td>iptables-nft-save</td><td>iptables-legacy-save</td></tr>
 *   <tr><td>ip6tables</td><td>ip6tables-nft-save</td><td>ip6tables-legacy-save</td></tr>
 *   <tr><td>arptables</td><td>arptables-nft-save</td>
 *       <td>arptables-legacy -L -n -v --line-numbers, only when /proc/net/arp_tables_names lists a
 *       table</td></tr>
 *   <tr><td>ebtables</td><td>ebtables-nft-save</td><td>not read (no ebtables-legacy here)</td></tr>
 * </table>
 *
 * <p>Listing the legacy ARP table creates it in the kernel, and from then on every nft tool warns
 * about legacy tables; so it is listed only when it already exists, and an absent table reads as
 * an empty ruleset. The save tools never create tables.
 *
 * <p>What a tool prints on stderr while succeeding (such as "# Warning: iptables-legacy tables
 * present") is added to {@link Ruleset#notices()}. Counters are not requested from the save tools
 * (the arptables listing always has them).
 */
public final class LiveDumps {

  /** The file that lists the legacy ARP tables of the reading process's network namespace. */
  public static final String ARP_TABLES_NAMES = "/proc/net/arp_tables_names";

  private static final String IP_TABLES_NAMES = "/proc/net/ip_tables_names";
  private static final String IP6_TABLES_NAMES = "/proc/net/ip6_tables_names";

  private final CommandRunner runner;
  private final Tools tools;

  public LiveDumps(CommandRunner runner, Tools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  /** The (kind, backend) pairs that can be read, in the order inspect shows them. */
  public static List<Source> sources() {
    List<Source> all = new ArrayList<>();
    for (DumpKind kind : DumpKind.values()) {
      for (Backend backend : List.of(Backend.NFT, Backend.LEGACY)) {
        if (supports(kind, backend)) {
          all.add(new Source(kind, backend));
        }
      }
    }
    return List.copyOf(all);
  }

  public static boolean supports(DumpKind kind, Backend backend) {
    return !(kind == DumpKind.EBTABLES && backend == Backend.LEGACY);
  }

  /** A dump vifgate can read: one tool family on one backend. */
  public record Source(DumpKind kind, Backend backend) {
    @Override
    public String toString() {
      return kind.id() + " (" + backend.id() + ")";
    }
  }

  /**
   * The argv that reads (kind, backend), with the binary resolved by {@link Tools}.
   *
   * @throws Tools.ToolMissingException when the binary is not installed
   */
  public List<String> argv(DumpKind kind, Backend backend) {
    return argv(kind, backend, null);
  }

  private List<String> argv(DumpKind kind, Backend backend, String table) {
    requireSupported(kind, backend);
    if (kind == DumpKind.ARPTABLES && backend == Backend.LEGACY) {
      return List.of(tools.require("arptables-legacy"), "-L", "-n", "-v", "--line-numbers");
    }
    String save = tools.require(saveTool(kind, backend));
    return table == null ? List.of(save) : List.of(save, "-t", table);
  }

  /** The program that reads (kind, backend): a {@code -save} tool, or arptables-legacy itself. */
  public static String saveTool(DumpKind kind, Backend backend) {
    return kind == DumpKind.ARPTABLES && backend == Backend.LEGACY
        ? "arptables-legacy"
        : kind.id() + "-" + backend.id() + "-save";
  }

  /**
   * Reads the live rules of one kind on one backend.
   *
   * @throws LiveDumpException when a tool is missing, cannot be run, exits non-zero, or its output
   *     cannot be parsed (the message then has the line number and text)
   * @throws IllegalArgumentException for a pair {@link #supports} rejects
   */
  public Ruleset read(DumpKind kind, Backend backend) throws LiveDumpException {
    return read(kind, backend, null);
  }

  /**
   * Reads one table (or every table when {@code table} is null) of one kind on one backend. Asking
   * a legacy tool for a table by name creates it, so legacy iptables and ip6tables are always read
   * whole (their save tools list only the tables that exist; the caller picks the one it wants),
   * and the legacy ARP table is only listed when the kernel lists it in /proc/net/arp_tables_names.
   */
  public Ruleset read(DumpKind kind, Backend backend, String table) throws LiveDumpException {
    Map<DumpKind, List<String>> present =
        backend == Backend.LEGACY && kind == DumpKind.ARPTABLES ? legacyTables() : null;
    return read(kind, backend, table, present);
  }

  /**
   * The same, for a caller that has looked at the legacy tables already ({@link #legacyTables()}):
   * a legacy kind whose (wanted) table does not exist reads as empty without running anything.
   *
   * @param legacyPresent null to decide as {@link #read(DumpKind, Backend, String)} does
   */
  public Ruleset read(
      DumpKind kind, Backend backend, String table, Map<DumpKind, List<String>> legacyPresent)
      throws LiveDumpException {
    requireSupported(kind, backend);
    boolean legacy = backend == Backend.LEGACY;
    if (legacy && legacyPresent != null) {
      List<String> present = legacyPresent.getOrDefault(kind, List.of());
      if (table == null ? present.isEmpty() : !present.contains(table)) {
        return Ruleset.empty(kind, backend);
      }
    }
    Command command = Command.of(argvOrFail(kind, backend, legacy ? null : table));
    CommandResult result = run(command);
    if (!result.succeeded()) {
      throw new LiveDumpException(result.describeFailure() + hint(result));
    }
    Ruleset parsed;
    try {
      // A save dump goes to the parser as the bytes the tool printed: the parser reads bytes, and
      // decoding a 10 MB dump into a String only to encode it back cost about a fifth of parsing
      // and planning against it.
      parsed = kind == DumpKind.ARPTABLES && backend == Backend.LEGACY
          ? ArptablesListingParser.parse(result.stdout())
          : SaveParser.parse(kind, backend, result.stdoutBytes());
    } catch (DumpParseException e) {
      throw new LiveDumpException("cannot read the output of " + command.program() + ": " + e.getMessage(), e);
    }
    return withStderrNotices(parsed, result.stderr());
  }

  /** True when the legacy ARP table exists in the runner's namespace ({@link #legacyTables()}). */
  public boolean legacyArpTablesPresent() throws LiveDumpException {
    return !legacyTables().get(DumpKind.ARPTABLES).isEmpty();
  }

  /**
   * The legacy tables of every kind that exist in the runner's namespace, from one process: {@code
   * grep} over the three {@code /proc/net/*_tables_names} files, the same files the legacy tools
   * consult to learn what there is to dump. A kind whose file is missing (its module is not loaded)
   * has none. On a host that never used the legacy tools this one process replaces three dumps.
   */
  public Map<DumpKind, List<String>> legacyTables() throws LiveDumpException {
    String grep;
    try {
      grep = tools.require("grep");
    } catch (Tools.ToolMissingException e) {
      throw new LiveDumpException(e.getMessage(), e);
    }
    Map<String, DumpKind> files =
        Map.of(
            IP_TABLES_NAMES, DumpKind.IPTABLES,
            IP6_TABLES_NAMES, DumpKind.IP6TABLES,
            ARP_TABLES_NAMES, DumpKind.ARPTABLES);
    // -H: every line names its file; -s: a missing file is no error message, only exit status 2.
    CommandResult result =
        run(Command.of(grep, "-s", "-H", "-e", "", "--", IP_TABLES_NAMES, IP6_TABLES_NAMES, ARP_TABLES_NAMES));
    if (result.exitCode() > 2 || !result.stderr().isBlank()) {
      throw new LiveDumpException(result.describeFailure());
    }
    Map<DumpKind, List<String>> tables = new EnumMap<>(DumpKind.class);
    for (DumpKind kind : files.values()) {
      tables.put(kind, new ArrayList<>());
    }
    for (String line : result.stdout().lines().toList()) {
      int colon = line.indexOf(':');
      DumpKind kind = colon < 0 ? null : files.get(line.substring(0, colon));
      String name = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (kind == null) {
        throw new LiveDumpException("unexpected line from " + result.command().display() + ": " + line);
      }
      if (!name.isEmpty()) {
        tables.get(kind).add(name);
      }
    }
    tables.replaceAll((kind, names) -> List.copyOf(names));
    return tables;
  }

  private List<String> argvOrFail(DumpKind kind, Backend backend, String table) throws LiveDumpException {
    try {
      return argv(kind, backend, table);
    } catch (Tools.ToolMissingException e) {
      throw new LiveDumpException(e.getMessage(), e);
    }
  }

  private CommandResult run(Command command) throws LiveDumpException {
    try {
      return runner.run(command);
    } catch (IOException e) {
      throw new LiveDumpException(e.getMessage(), e);
    }
  }

  private static String hint(CommandResult result) {
    if (result.exitCode() == 3 && result.command().program().endsWith("-save")) {
      return " (it could not translate a rule made by native nft, so its output is cut off;"
          + " read the rules with 'nft list ruleset')";
    }
    return "";
  }

  private static Ruleset withStderrNotices(Ruleset ruleset, String stderr) {
    List<String> extra = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (extra.isEmpty()) {
      return ruleset;
    }
    List<String> notices = new ArrayList<>(extra);
    notices.addAll(ruleset.notices());
    return new Ruleset(ruleset.kind(), ruleset.backend(), ruleset.tables(), notices);
  }

  private static void requireSupported(DumpKind kind, Backend backend) {
    if (!supports(kind, backend)) {
      throw new IllegalArgumentException(
          kind.id() + " is read through the nft backend only (this kernel has no ebtables-legacy)");
    }
  }
}
