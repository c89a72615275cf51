package org.vifgate.lab;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vifgate.exec.CommandResult;

/**
 * Receiver-side packet counters, kept in nftables tables inside the lan and guest namespaces (never
 * in dom0's: every netfilter object there belongs to the code under test).
 *
 * <ul>
 *   <li>{@code inet vifgate_lab}: one counter per endpoint for the UDP test stream, counted (and
 *       then dropped, so no replies) in the input hook. It names devices, not hooks, so it survives
 *       a guest reboot.
 *   <li>{@code netdev vifgate_lab_<dev>}: in the ingress hook of the endpoint's device, one counter
 *       per possible sender of VLAN-tagged probe frames, so probes from different senders can run
 *       at the same time. This kernel has no 8021q, so tagged frames are never delivered to a
 *       socket; the ingress hook is where they can be seen.
 * </ul>
 */
final class LabCounters {

  static final int STREAM_PORT = 50009;
  private static final String INET_TABLE = "vifgate_lab";
  private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

  private LabCounters() {}

  /** Creates (or re-creates) the counters of every present endpoint in one namespace. */
  static void install(LabExec exec, String netns, List<Endpoint> here) throws IOException {
    exec.checkIn(netns, exec.command("nft", "-f", "-").withStdin(script(here)));
  }

  /** Re-creates the ingress table of one endpoint, after its device was deleted and re-made. */
  static void reinstallIngress(LabExec exec, String netns, Endpoint endpoint) throws IOException {
    exec.checkIn(netns, exec.command("nft", "-f", "-").withStdin(ingressTable(endpoint)));
  }

  static String script(List<Endpoint> here) {
    StringBuilder out = new StringBuilder();
    out.append(replace("inet", INET_TABLE));
    out.append("table inet ").append(INET_TABLE).append(" {\n");
    for (Endpoint e : here) {
      out.append("  counter ").append(streamCounter(e)).append(" { }\n");
    }
    out.append("  chain input {\n    type filter hook input priority -300; policy accept;\n");
    for (Endpoint e : here) {
      out.append("    iifname \"")
          .append(e.device())
          .append("\" udp dport ")
          .append(STREAM_PORT)
          .append(" counter name \"")
          .append(streamCounter(e))
          .append("\" drop\n");
    }
    out.append("  }\n}\n");
    for (Endpoint e : here) {
      out.append(ingressTable(e));
    }
    return out.toString();
  }

  static String ingressTable(Endpoint target) {
    String table = ingressTableName(target);
    StringBuilder out = new StringBuilder(replace("netdev", table));
    out.append("table netdev ").append(table).append(" {\n");
    List<Endpoint> senders = sendersTo(target);
    for (Endpoint from : senders) {
      out.append("  counter ").append(taggedCounter(from)).append(" { }\n");
    }
    out.append("  chain ingress {\n    type filter hook ingress device \"")
        .append(target.device())
        .append("\" priority 0; policy accept;\n");
    for (Endpoint from : senders) {
      out.append("    ether saddr ")
          .append(from.mac())
          .append(" vlan id ")
          .append(Endpoint.PROBE_VLAN)
          .append(" counter name \"")
          .append(taggedCounter(from))
          .append("\"\n");
    }
    out.append("  }\n}\n");
    return out.toString();
  }

  /** Declares, deletes and declares again: works whether or not the table exists, atomically. */
  private static String replace(String family, String table) {
    return "table " + family + " " + table + "\ndelete table " + family + " " + table + "\n";
  }

  static List<Endpoint> sendersTo(Endpoint target) {
    return List.of(Endpoint.values()).stream()
        .filter(e -> e != target && e.bridge().equals(target.bridge()))
        .toList();
  }

  static long streamArrived(LabExec exec, String netns, Endpoint target) throws IOException {
    return read(exec, netns, "inet", INET_TABLE, streamCounter(target));
  }

  static void resetStream(LabExec exec, String netns, Endpoint target) throws IOException {
    exec.checkIn(
        netns, exec.command("nft", "reset", "counter", "inet", INET_TABLE, streamCounter(target)));
  }

  static long taggedFrom(LabExec exec, String netns, Endpoint target, Endpoint from)
      throws IOException {
    return read(exec, netns, "netdev", ingressTableName(target), taggedCounter(from));
  }

  private static long read(LabExec exec, String netns, String family, String table, String name)
      throws IOException {
    CommandResult result =
        exec.checkIn(netns, exec.command("nft", "list", "counter", family, table, name));
    Matcher m = PACKETS.matcher(result.stdout());
    if (!m.find()) {
      throw new IOException("lab: no packet count in nft output: " + result.stdout().strip());
    }
    return Long.parseLong(m.group(1));
  }

  private static String ingressTableName(Endpoint target) {
    return "vifgate_lab_" + target.device();
  }

  private static String streamCounter(Endpoint target) {
    return "stream_" + target.id();
  }

  private static String taggedCounter(Endpoint from) {
    return "tagged_from_" + from.id();
  }
}
