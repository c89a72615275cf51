package org.vifgate.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wiring of a lab, one {@code ip} command at a time: bridges in dom0, one veth pair per bridge
 * port with its peer in the endpoint's namespace, fixed MACs and addresses. Knows nothing about
 * which namespaces exist or how to remove them; {@link Dom0Lab} owns that.
 */
final class Topology {

  private final LabExec exec;
  private final LabNames names;

  Topology(LabExec exec, LabNames names) {
    this.exec = exec;
    this.names = names;
  }

  /**
   * Loopback up, IPv6 duplicate address detection off (for every interface made later too), so that
   * the static link-local addresses are usable at once.
   */
  void prepareNamespace(String netns) throws IOException {
    exec.checkIn(
        netns,
        exec.command(
            "sysctl",
            "-q",
            "-w",
            "net.ipv6.conf.all.accept_dad=0",
            "net.ipv6.conf.default.accept_dad=0"));
    exec.ipIn(netns, "link", "set", "lo", "up");
  }

  /** A bridge like xend's: no STP, no forwarding delay, so ports forward as soon as they are up. */
  void addBridge(String bridge) throws IOException {
    exec.ipIn(
        names.dom0(),
        "link",
        "add",
        LabNames.requireInterfaceName(bridge),
        "type",
        "bridge",
        "stp_state",
        "0",
        "forward_delay",
        "0");
    exec.ipIn(names.dom0(), "link", "set", bridge, "up");
  }

  /**
   * Attaches an endpoint to its bridge through a veth pair: {@code port} on the bridge in dom0, the
   * peer named after the endpoint's device (with the endpoint's MAC) in its namespace. For dom0's
   * own endpoints the peer stays in dom0, as Xen's netloop did.
   */
  void attach(Endpoint endpoint, String port) throws IOException {
    LabNames.requireInterfaceName(port);
    List<String> args = new ArrayList<>(List.of("link", "add", port, "type", "veth", "peer"));
    args.addAll(List.of("name", endpoint.device(), "address", endpoint.mac()));
    if (!endpoint.isDom0()) {
      args.addAll(List.of("netns", names.namespace(endpoint)));
    }
    exec.ipIn(names.dom0(), args.toArray(String[]::new));
    exec.ipIn(names.dom0(), "link", "set", port, "master", endpoint.bridge(), "up");
    configure(endpoint);
  }

  /** Removes a bridge port; the kernel removes its peer with it. */
  void detach(String port) throws IOException {
    exec.ipIn(names.dom0(), "link", "del", LabNames.requireInterfaceName(port));
  }

  private void configure(Endpoint endpoint) throws IOException {
    String netns = names.namespace(endpoint);
    String dev = endpoint.device();
    exec.ipIn(netns, "addr", "add", endpoint.ipv4() + "/" + Endpoint.PREFIX_LENGTH_V4, "dev", dev);
    exec.ipIn(
        netns,
        "-6",
        "addr",
        "add",
        endpoint.ipv6() + "/" + Endpoint.PREFIX_LENGTH_V6,
        "dev",
        dev,
        "nodad");
    exec.ipIn(netns, "link", "set", dev, "up");
  }
}
