package org.vifgate.lab;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.Tools;
import org.vifgate.netfilter.model.Backend;

/**
 * Rules other tools put into the same tables on real hosts, for "foreign rules stay untouched"
 * tests. They are written the way those tools write them (user chains, jumps from FORWARD,
 * conntrack, addrtype, REJECT, MASQUERADE, CHECKSUM), name interfaces the lab does not have ({@code
 * docker0}, {@code virbr0}, {@code vnet0}) and so never change what the lab's probes see. Run them
 * with {@link Dom0Lab#dom0Runner()}, e.g. through {@link Recipe#run}.
 *
 * <p>Left out on purpose: Docker's {@code -P FORWARD DROP}, which by itself cuts off every bridged
 * guest; a test that wants it adds it explicitly.
 */
public final class ForeignRules {

  private static final List<String> DOCKER_FILTER =
      List.of(
          "-N DOCKER",
          "-N DOCKER-ISOLATION-STAGE-1",
          "-N DOCKER-ISOLATION-STAGE-2",
          "-N DOCKER-USER",
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
          "-A DOCKER-USER -j RETURN");

  private static final List<String> DOCKER_NAT_V4 =
      List.of(
          "-t nat -N DOCKER",
          "-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
          "-t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
          "-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
          "-t nat -A DOCKER -i docker0 -j RETURN");

  /** libvirt's filter chains; SUBNET and REJECT are filled in per family. */
  private static final List<String> LIBVIRT_FILTER =
      List.of(
          "-N LIBVIRT_INP",
          "-N LIBVIRT_OUT",
          "-N LIBVIRT_FWO",
          "-N LIBVIRT_FWI",
          "-N LIBVIRT_FWX",
          "-A INPUT -j LIBVIRT_INP",
          "-A FORWARD -j LIBVIRT_FWX",
          "-A FORWARD -j LIBVIRT_FWI",
          "-A FORWARD -j LIBVIRT_FWO",
          "-A OUTPUT -j LIBVIRT_OUT",
          "-A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 53 -j ACCEPT",
          "-A LIBVIRT_INP -i virbr0 -p tcp -m tcp --dport 53 -j ACCEPT",
          "-A LIBVIRT_OUT -o virbr0 -p udp -m udp --dport 53 -j ACCEPT",
          "-A LIBVIRT_FWO -s SUBNET -i virbr0 -j ACCEPT",
          "-A LIBVIRT_FWO -i virbr0 -j REJECT --reject-with REJECT",
          "-A LIBVIRT_FWI -d SUBNET -o virbr0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
          "-A LIBVIRT_FWI -o virbr0 -j REJECT --reject-with REJECT",
          "-A LIBVIRT_FWX -i virbr0 -o virbr0 -j ACCEPT");

  private static final List<String> LIBVIRT_EXTRA_V4 =
      List.of(
          "-A LIBVIRT_INP -i virbr0 -p udp -m udp --dport 67 -j ACCEPT",
          "-t nat -N LIBVIRT_PRT",
          "-t nat -A POSTROUTING -j LIBVIRT_PRT",
          "-t nat -A LIBVIRT_PRT -s 192.168.122.0/24 -d 224.0.0.0/24 -j RETURN",
          "-t nat -A LIBVIRT_PRT -s 192.168.122.0/24 ! -d 192.168.122.0/24 -j MASQUERADE",
          "-t mangle -N LIBVIRT_PRT",
          "-t mangle -A POSTROUTING -j LIBVIRT_PRT",
          "-t mangle -A LIBVIRT_PRT -o virbr0 -p udp -m udp --dport 68 -j CHECKSUM"
              + " --checksum-fill");

  private static final List<String> LIBVIRT_NWFILTER =
      List.of(
          "-t nat -N libvirt-I-vnet0",
          "-t nat -N libvirt-O-vnet0",
          "-t nat -A PREROUTING -i vnet0 -j libvirt-I-vnet0",
          "-t nat -A POSTROUTING -o vnet0 -j libvirt-O-vnet0",
          "-t nat -A libvirt-I-vnet0 -s ! 52:54:00:6b:3c:58 -j DROP",
          "-t nat -A libvirt-I-vnet0 -p IPv4 -j ACCEPT",
          "-t nat -A libvirt-I-vnet0 -p ARP -j ACCEPT",
          "-t nat -A libvirt-I-vnet0 -j DROP",
          "-t nat -A libvirt-O-vnet0 -p IPv4 -j ACCEPT",
          "-t nat -A libvirt-O-vnet0 -p ARP -j ACCEPT",
          "-t nat -A libvirt-O-vnet0 -j DROP");

  private ForeignRules() {}

  /** What dockerd (bridge network) adds to iptables and ip6tables. */
  public static List<Command> dockerLike(Backend backend, Tools tools) {
    List<Command> out = new ArrayList<>();
    out.addAll(commands(tools.require(iptables(backend)), DOCKER_FILTER));
    out.addAll(commands(tools.require(ip6tables(backend)), DOCKER_FILTER));
    out.addAll(commands(tools.require(iptables(backend)), DOCKER_NAT_V4));
    return out;
  }

  /**
   * What libvirtd (5.x and later, default NAT network on virbr0) adds to iptables and ip6tables.
   */
  public static List<Command> libvirtLike(Backend backend, Tools tools) {
    List<String> v4 = fill(LIBVIRT_FILTER, "192.168.122.0/24", "icmp-port-unreachable");
    List<String> v6 = fill(LIBVIRT_FILTER, "fd00:122::/64", "icmp6-port-unreachable");
    List<Command> out = new ArrayList<>();
    out.addAll(commands(tools.require(iptables(backend)), v4));
    out.addAll(commands(tools.require(iptables(backend)), LIBVIRT_EXTRA_V4));
    out.addAll(commands(tools.require(ip6tables(backend)), v6));
    return out;
  }

  /**
   * libvirt's nwfilter (clean-traffic-like) for a guest on {@code vnet0}: ebtables-nft user chains
   * in the nat table, as libvirt writes them. (This kernel has no ebtables-legacy, so bridge rules
   * have one backend only.)
   */
  public static List<Command> libvirtNwfilterEbtables(Tools tools) {
    return commands(tools.require("ebtables-nft"), LIBVIRT_NWFILTER);
  }

  private static List<String> fill(List<String> rules, String subnet, String reject) {
    return rules.stream()
        .map(
            r ->
                r.replace("SUBNET", subnet)
                    .replace("--reject-with REJECT", "--reject-with " + reject))
        .toList();
  }

  /**
   * One command per rule. The rule texts are constants of this class with single spaces between
   * arguments and no quoting, so splitting them on spaces gives exactly the argv a shell would.
   * xtables tools get {@code -w} to wait for the lock, like the tools they imitate.
   */
  private static List<Command> commands(String tool, List<String> rules) {
    List<Command> out = new ArrayList<>();
    for (String rule : rules) {
      List<String> argv = new ArrayList<>();
      argv.add(tool);
      if (!tool.endsWith("ebtables-nft")) {
        argv.add("-w");
      }
      argv.addAll(List.of(rule.split(" ")));
      out.add(Command.of(argv));
    }
    return out;
  }

  private static String iptables(Backend backend) {
    return backend == Backend.LEGACY ? "iptables-legacy" : "iptables-nft";
  }

  private static String ip6tables(Backend backend) {
    return backend == Backend.LEGACY ? "ip6tables-legacy" : "ip6tables-nft";
  }
}
