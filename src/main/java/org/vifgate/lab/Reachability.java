package org.vifgate.lab;

/** What each probe kind found for one direction between two endpoints. */
public record Reachability(boolean ipv4, boolean arp, boolean ipv6, boolean vlan) {

  public static Reachability all(boolean value) {
    return new Reachability(value, value, value, value);
  }

  public boolean get(Probe probe) {
    return switch (probe) {
      case IPV4 -> ipv4;
      case ARP -> arp;
      case IPV6 -> ipv6;
      case VLAN -> vlan;
    };
  }

  Reachability with(Probe probe, boolean value) {
    return new Reachability(
        probe == Probe.IPV4 ? value : ipv4,
        probe == Probe.ARP ? value : arp,
        probe == Probe.IPV6 ? value : ipv6,
        probe == Probe.VLAN ? value : vlan);
  }

  public boolean none() {
    return !ipv4 && !arp && !ipv6 && !vlan;
  }

  public boolean every() {
    return ipv4 && arp && ipv6 && vlan;
  }

  @Override
  public String toString() {
    return "ipv4=" + ipv4 + " arp=" + arp + " ipv6=" + ipv6 + " vlan=" + vlan;
  }
}
