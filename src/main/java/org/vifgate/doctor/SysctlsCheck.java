package org.vifgate.doctor;

import java.util.List;
import org.vifgate.config.BackendChoice;
import org.vifgate.reconcile.BridgeSysctls;
import org.vifgate.reconcile.LiveReadException;

/**
 * The br_netfilter switches, read in the namespace the rules live in (they are per network
 * namespace). At 0 the legacy backend's rules load and match nothing, without a warning: a FAIL
 * there, unless vifgate may set them itself. The nft backend filters in the bridge family and does
 * not need them.
 */
public record SysctlsCheck(BackendChoice choice, boolean manageSysctls, BridgeSysctls sysctls)
    implements Check {

  @Override
  public String name() {
    return "br_netfilter";
  }

  @Override
  public Finding run() throws Exception {
    List<String> off;
    try {
      off = sysctls.missing();
    } catch (LiveReadException e) {
      if (choice == BackendChoice.LEGACY) {
        return Finding.fail(
            name(), e.getMessage(), "modprobe br_netfilter (and add it to /etc/modules)");
      }
      return Finding.info(name(), "br_netfilter is not loaded; " + usage());
    }
    if (off.isEmpty()) {
      return Finding.pass(
          name(), "bridge-nf-call-iptables/ip6tables/arptables and filter-vlan-tagged are 1");
    }
    String message = "not 1: " + String.join(", ", off);
    String hint =
        "sysctl -w "
            + String.join(" ", off.stream().map(s -> s.replaceFirst("=.*", "=1")).toList());
    return switch (choice) {
      case LEGACY ->
          manageSysctls
              ? Finding.warn(
                  name(), message, "vifgate sets them on the next reconcile (manageSysctls: true)")
              : Finding.fail(
                  name(),
                  message + ": the legacy backend's rules match nothing",
                  hint + "; or set manageSysctls: true");
      case AUTO -> Finding.warn(name(), message + "; " + usage(), hint);
      case NFT -> Finding.info(name(), message + "; " + usage());
    };
  }

  private static String usage() {
    return "only the legacy backend needs the switches";
  }
}
