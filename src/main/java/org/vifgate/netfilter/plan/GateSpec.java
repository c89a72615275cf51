package org.vifgate.netfilter.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.render.GateLayout;
import org.vifgate.netfilter.render.GateLayout.DesiredTable;

/**
 * What a reconcile must achieve on a chosen backend: the desired content of every table vifgate
 * manages there, and the tables to clean up (vifgate's own layout left on the other backend, and
 * the original recipe wherever it may still sit).
 *
 * @param dom0Ports the dom0 ports from the file; with Xen's {@code vif0.N} names they also tell
 *     the original recipe's ACCEPT rules apart from anyone else's
 */
public record GateSpec(Backend backend, Role role, List<String> dom0Ports, List<DesiredTable> owned, List<Cleanup> cleanup) {

  private static final Pattern XEN_DOM0_PORT = Pattern.compile("vif0\\.[0-9]+");

  public GateSpec {
    dom0Ports = List.copyOf(dom0Ports);
    owned = List.copyOf(owned);
    cleanup = List.copyOf(cleanup);
  }

  /**
   * A table vifgate does not manage on this backend but may have to tidy.
   *
   * @param removeLayout whether vifgate's own chain and jump may be there (left by the other backend)
   */
  public record Cleanup(TableId table, boolean removeLayout) {}

  public static GateSpec of(Backend backend, Role role, List<String> dom0Ports) {
    List<DesiredTable> owned = new ArrayList<>();
    for (TableId table : GateLayout.managedTables(backend)) {
      owned.add(GateLayout.desired(table, dom0Ports, role));
    }
    Backend other = backend == Backend.LEGACY ? Backend.NFT : Backend.LEGACY;
    List<Cleanup> cleanup = new ArrayList<>();
    for (TableId table : GateLayout.managedTables(other)) {
      cleanup.add(new Cleanup(table, true));
    }
    // On current Debian `iptables` is iptables-nft: that is where a hand-made recipe's IP half lives.
    TableId iptablesNft = TableId.filter(Family.IPV4, Backend.NFT);
    if (cleanup.stream().noneMatch(c -> c.table().equals(iptablesNft))) {
      cleanup.add(new Cleanup(iptablesNft, false));
    }
    return new GateSpec(backend, role, dom0Ports, owned, cleanup);
  }

  /** Every table this spec reads, owned first. */
  public List<TableId> tables() {
    List<TableId> all = new ArrayList<>();
    owned.forEach(d -> all.add(d.table()));
    cleanup.forEach(c -> all.add(c.table()));
    return all;
  }

  public boolean isDom0Port(String port) {
    return dom0Ports.contains(port) || XEN_DOM0_PORT.matcher(port).matches();
  }

  /** Whether the original recipe could have put rules into this table's FORWARD chain. */
  public static boolean mayHoldRecipe(TableId table) {
    return table.family() == Family.IPV4 || (table.family() == Family.ARP && table.backend() == Backend.LEGACY);
  }
}
