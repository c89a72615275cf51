package org.vifgate.lab;

import java.util.Locale;

/**
 * A host in the lab that probes start from or aim at: one network interface in one of the lab's
 * namespaces. Addresses are fixed so that probes need no discovery, and MAC addresses are fixed
 * because a Xen guest keeps its configured MAC when it reboots onto a new vif.
 *
 * <p>Addressing: {@code xenbr0} is 198.51.100.0/25, {@code xenbr1} is 198.51.100.128/25; IPv6 uses
 * one static link-local address per interface; the addresses used inside VLAN-tagged probe frames
 * come from 203.0.113.0/24. The host part is the same in all of them and in the last MAC byte.
 */
public enum Endpoint {
  /** dom0 itself: {@code eth0}, the netloop peer of {@code vif0.0}, in the dom0 namespace. */
  DOM0(Space.DOM0, "eth0", "xenbr0", 1),
  /** A machine on the physical LAN: the peer of {@code peth0}. */
  LAN(Space.LAN, "eth0", "xenbr0", 10),
  /** The first guest: {@code eth0} behind {@code vif1.0} (the vif changes when it reboots). */
  GUEST1(Space.DOMU1, "eth0", "xenbr0", 11),
  /** The second guest: {@code eth0} behind {@code vif2.0}. */
  GUEST2(Space.DOMU2, "eth0", "xenbr0", 12),
  /** dom0 on the second bridge: {@code eth1}, the peer of {@code vif0.1} (only with xenbr1). */
  DOM0_XENBR1(Space.DOM0, "eth1", "xenbr1", 129),
  /** The LAN on the second bridge: {@code eth1}, the peer of {@code peth1} (only with xenbr1). */
  LAN_XENBR1(Space.LAN, "eth1", "xenbr1", 138);

  /** The four namespaces of a lab, by the suffix of their name. */
  enum Space {
    DOM0("dom0"),
    LAN("lan"),
    DOMU1("domu1"),
    DOMU2("domu2");

    final String suffix;

    Space(String suffix) {
      this.suffix = suffix;
    }
  }

  /** VLAN id carried by the tagged probe frames. */
  public static final int PROBE_VLAN = 10;

  static final int PREFIX_LENGTH_V4 = 25;
  static final int PREFIX_LENGTH_V6 = 64;

  private final Space space;
  private final String device;
  private final String bridge;
  private final int host;

  Endpoint(Space space, String device, String bridge, int host) {
    this.space = space;
    this.device = device;
    this.bridge = bridge;
    this.host = host;
  }

  Space space() {
    return space;
  }

  /** The interface inside the endpoint's namespace that carries its addresses. */
  public String device() {
    return device;
  }

  /** The dom0 bridge this endpoint is attached to. */
  public String bridge() {
    return bridge;
  }

  public String ipv4() {
    return "198.51.100." + host;
  }

  /** Static link-local address (DAD off); use it with the device as scope. */
  public String ipv6() {
    return "fe80::" + Integer.toHexString(host);
  }

  /** The address written into VLAN-tagged probe frames (no interface carries it). */
  public String vlanIpv4() {
    return "203.0.113." + host;
  }

  public String mac() {
    return String.format(Locale.ROOT, "02:00:00:00:00:%02x", host);
  }

  public boolean isGuest() {
    return space == Space.DOMU1 || space == Space.DOMU2;
  }

  public boolean isDom0() {
    return space == Space.DOM0;
  }

  boolean onSecondBridge() {
    return bridge.equals("xenbr1");
  }

  /** The guest's domain id when the lab is created (1 or 2). */
  int initialDomid() {
    return switch (this) {
      case GUEST1 -> 1;
      case GUEST2 -> 2;
      default -> throw new IllegalArgumentException(this + " is not a guest");
    };
  }

  /** Lower-case name used in nft object names, e.g. {@code guest1}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
