package org.vifgate.lab;

/** The kinds of traffic a lab probe can send from one endpoint to another. */
public enum Probe {
  /** ICMP echo over IPv4 with pinned neighbour entries at both ends: IP filtering alone. */
  IPV4,
  /** ARP resolution with arping, neighbour tables flushed first: ARP filtering alone. */
  ARP,
  /** ICMPv6 echo to a link-local address, neighbour discovery included. */
  IPV6,
  /** 802.1Q-tagged frames (VLAN 10, IPv4/UDP inside), counted where they arrive. */
  VLAN
}
