package org.vifgate.lab;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;

/**
 * Rules other tools put into the same tables on real hosts, for "foreign rules stay untouched"
 * tests. They are the rules those tools write (user chains, jumps from FORWARD, conntrack,
 * addrtype, REJECT, MASQUERADE, CHECKSUM), name interfaces the lab does not have ({@code docker0},
 * {@code virbr0}, {@code vnet0}) and so never change what the lab's probes see. Each method returns
 * one {@code *-restore --noflush} command per tool (fast, and adds to whatever is there); run them
 * with {@link Dom0Lab#dom0Runner()}, e.g. through {@link Recipe#run}.
 *
 * <p>Left out on purpose: Docker's {@code -P FORWARD DROP}, which by itself cuts off every bridged
 * guest; a test that wants it adds it explicitly.
 */
public final class ForeignRules {

  /** One table's share of a tool's rules: user chains to declare, then rules to append. */
  private record TableRules(String table, List<String> chains, List<String> rules) {}

  private static final TableRules DOCKER_FILTER =
      new TableRules(
          "filter",
          List.of("DOCKER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2", "DOCKER-USER"),
          List.of(
              "-A FORWARD -j DOCKER-USER",
              "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
              "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
              "-A FORWARD -o docker0 -j DOCKER",
              "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
              "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
              "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
              "-A DOCKER-ISOLATION-STAGE-1 -j RETURN",
              "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
              "-A DOCKER-ISOLATION-STAGE-2 -j RETURN",
              "-A DOCKER-USER -j RETURN"));

  private static final TableRules DOCKER_NAT_V4 =
      new TableRules(
          "nat",
          List.of("DOCKER"),
          List.of(
              "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
              "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
              "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
              "-A DOCKER -i docker0 -j RETURN"));

  private static final List<String> LIBVIRT_CHAINS =
      List.of("LIBVIRT_INP", "LIBVIRT_OUT", "LIBVIRT_FWO", "LIBVIRT_FWI", "LIBVIRT_FWX");

  /** libvirt's filter rules; SUBNET and REJECTION are filled in per family. */
  private static final List<String> LIBVIRT_FILTER =
      List.of(
          "-A INPUT -j LIBVIRT_INP",
          "-A FORWARD -j LIBVIRT_FWX",
          "-A FORWARD -j LIBVIRT_FWI",
          "-A FORWARD -j LIBVIRT_FWO",
          "-A OUTPUT -j LIBVIRT_OUT",
          "-A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 53 -j ACCEPT",
          "-A LIBVIRT_INP -i virbr0 -p tcp -m tcp --dport 53 -j ACCEPT",
          "-A LIBVIRT_OUT -o virbr0 -p udp -m udp --dport 53 -j ACCEPT",
          "-A LIBVIRT_FWO -s SUBNET -i virbr0 -j ACCEPT",
          "-A LIBVIRT_FWO -i virbr0 -j REJECT --reject-with REJECTION",
          "-A LIBVIRT_FWI -d SUBNET -o virbr0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
          "-A LIBVIRT_FWI -o virbr0 -j REJECT --reject-with REJECTION",
          "-A LIBVIRT_FWX -i virbr0 -o virbr0 -j ACCEPT");

  private static final TableRules LIBVIRT_NAT_V4 =
      new TableRules(
          "nat",
          List.of("LIBVIRT_PRT"),
          List.of(
              "-A POSTROUTING -j LIBVIRT_PRT",
              "-A LIBVIRT_PRT -s 192.168.122.0/24 -d 224.0.0.0/24 -j RETURN",
              "-A LIBVIRT_PRT -s 192.168.122.0/24 ! -d 192.168.122.0/24 -j MASQUERADE"));

  private static final TableRules LIBVIRT_MANGLE_V4 =
      new TableRules(
          "mangle",
          List.of("LIBVIRT_PRT"),
          List.of(
              "-A POSTROUTING -j LIBVIRT_PRT",
              "-A LIBVIRT_PRT -o virbr0 -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill"));

  private static final TableRules LIBVIRT_NWFILTER =
      new TableRules(
          "nat",
          List.of("libvirt-I-vnet0", "libvirt-O-vnet0"),
          List.of(
              "-A PREROUTING -i vnet0 -j libvirt-I-vnet0",
              "-A POSTROUTING -o vnet0 -j libvirt-O-vnet0",
              "-A libvirt-I-vnet0 -s ! 52:54:00:6b:3c:58 -j DROP",
              "-A libvirt-I-vnet0 -p IPv4 -j ACCEPT",
              "-A libvirt-I-vnet0 -p ARP -j ACCEPT",
              "-A libvirt-I-vnet0 -j DROP",
              "-A libvirt-O-vnet0 -p IPv4 -j ACCEPT",
              "-A libvirt-O-vnet0 -p ARP -j ACCEPT",
              "-A libvirt-O-vnet0 -j DROP"));

  private ForeignRules() {}

  /** What dockerd (bridge network) adds to iptables and ip6tables. */
  public static List<Command> dockerLike(Backend backend, Tools tools) {
    return List.of(
        xtablesRestore(tools, "iptables", backend, List.of(DOCKER_FILTER, DOCKER_NAT_V4)),
        xtablesRestore(tools, "ip6tables", backend, List.of(DOCKER_FILTER)));
  }

  /**
   * What libvirtd (5.x and later, default NAT network on virbr0) adds to iptables and ip6tables.
   */
  public static List<Command> libvirtLike(Backend backend, Tools tools) {
    List<String> v4 = new ArrayList<>(fill("192.168.122.0/24", "icmp-port-unreachable"));
    v4.add("-A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 67 -j ACCEPT");
    TableRules filterV4 = new TableRules("filter", LIBVIRT_CHAINS, v4);
    TableRules filterV6 =
        new TableRules("filter", LIBVIRT_CHAINS, fill("fd00:122::/64", "icmp6-port-unreachable"));
    return List.of(
        xtablesRestore(
            tools, "iptables", backend, List.of(filterV4, LIBVIRT_NAT_V4, LIBVIRT_MANGLE_V4)),
        xtablesRestore(tools, "ip6tables", backend, List.of(filterV6)));
  }

  /**
   * libvirt's nwfilter (clean-traffic-like) for a guest on {@code vnet0}: ebtables user chains in
   * the nat table, as libvirt writes them. (This kernel has no ebtables-legacy, so bridge rules
   * have one backend only.)
   */
  public static List<Command> libvirtNwfilterEbtables(Tools tools) {
    StringBuilder script = new StringBuilder("*nat\n");
    LIBVIRT_NWFILTER.chains().forEach(c -> script.append(':').append(c).append(" ACCEPT\n"));
    LIBVIRT_NWFILTER.rules().forEach(r -> script.append(r).append('\n'));
    return List.of(
        Command.of(tools.require("ebtables-nft-restore"), "--noflush")
            .withStdin(script.toString()));
  }

  /** The restore script for one tool, as the tests' "before" state would be saved. */
  static String restoreScript(List<TableRules> tables) {
    StringBuilder script = new StringBuilder();
    for (TableRules t : tables) {
      script.append('*').append(t.table()).append('\n');
      t.chains().forEach(c -> script.append(':').append(c).append(" - [0:0]\n"));
      t.rules().forEach(r -> script.append(r).append('\n'));
      script.append("COMMIT\n");
    }
    return script.toString();
  }

  private static Command xtablesRestore(
      Tools tools, String family, Backend backend, List<TableRules> tables) {
    String tool = family + "-" + backend.id() + "-restore";
    return Command.of(tools.require(tool), "-w", "--noflush").withStdin(restoreScript(tables));
  }

  private static List<String> fill(String subnet, String rejection) {
    return LIBVIRT_FILTER.stream()
        .map(r -> r.replace("SUBNET", subnet).replace("REJECTION", rejection))
        .toList();
  }
}
