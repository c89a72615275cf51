package org.vifgate.netfilter.model;

/** A netfilter protocol family, named as in plans and JSON output. */
public enum Family {
  IPV4("ip"),
  IPV6("ip6"),
  ARP("arp"),
  BRIDGE("bridge");

  private final String id;

  Family(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
