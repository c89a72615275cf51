package org.vifgate.netfilter.render;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.TableId;

/**
 * The rules vifgate owns, as a pure function of the dom0 ports and the role.
 *
 * <p>Layout, the same in every table vifgate manages:
 *
 * <pre>
 *   FORWARD  1: jump to VIFGATE                 (kept at the top; bridged traffic only)
 *   VIFGATE  1: from dom0 port vif0.0 -> RETURN (one pair per dom0 port)
 *            2: to   dom0 port vif0.0 -> RETURN
 *            n: DROP when passive, RETURN when active
 * </pre>
 *
 * Guest ports are never named: every bridged frame that neither enters nor leaves a dom0 port
 * reaches the last rule, so a guest that comes back on a new vif is treated the same at once. A
 * role flip replaces exactly that last rule. vifgate only ever drops or returns: it never accepts,
 * so the rules of other tools below its jump still decide about the traffic it lets through.
 *
 * <p>Which tables carry the layout depends on the backend:
 *
 * <ul>
 *   <li>legacy: iptables-legacy and ip6tables-legacy (physdev, needs br_netfilter's
 *       bridge-nf-call-* sysctls, and bridge-nf-filter-vlan-tagged for tagged frames) and
 *       arptables-legacy (ARP), the original recipe's mechanism made complete;
 *   <li>nft: ebtables-nft only. A bridge-family rule sees every frame before any protocol
 *       dispatch, so one table blocks IPv4, IPv6, ARP and VLAN-tagged frames, in one atomic
 *       transaction, without depending on br_netfilter.
 * </ul>
 */
public final class GateLayout {

  /** The chain vifgate owns in every managed table. */
  public static final String CHAIN = "VIFGATE";
  /** The shared chain its jump lives in. */
  public static final String FORWARD = "FORWARD";

  private GateLayout() {}

  /** The tables vifgate manages on a backend, in the order it applies them. */
  public static List<TableId> managedTables(Backend backend) {
    return switch (backend) {
      case LEGACY -> List.of(
          TableId.filter(Family.IPV4, Backend.LEGACY),
          TableId.filter(Family.IPV6, Backend.LEGACY),
          TableId.filter(Family.ARP, Backend.LEGACY));
      case NFT -> List.of(TableId.filter(Family.BRIDGE, Backend.NFT));
    };
  }

  /** The desired content of one managed table. */
  public static DesiredTable desired(TableId table, List<String> dom0Ports, Role role) {
    Dialect dialect = Dialect.of(table);
    List<RuleSpec> rules = new ArrayList<>();
    for (String port : dom0Ports) {
      rules.add(new RuleSpec(CHAIN, dialect.fromPort(port, "RETURN")));
      rules.add(new RuleSpec(CHAIN, dialect.toPort(port, "RETURN")));
    }
    rules.add(new RuleSpec(CHAIN, dialect.verdict(role == Role.PASSIVE ? "DROP" : "RETURN")));
    return new DesiredTable(table, new RuleSpec(FORWARD, dialect.jumpTo(CHAIN)), rules);
  }

  /**
   * What one managed table must hold.
   *
   * @param jump the single rule at the top of FORWARD that sends traffic into the chain
   * @param chainRules the owned chain's rules, in order
   */
  public record DesiredTable(TableId table, RuleSpec jump, List<RuleSpec> chainRules) {
    public DesiredTable {
      chainRules = List.copyOf(chainRules);
    }
  }
}
