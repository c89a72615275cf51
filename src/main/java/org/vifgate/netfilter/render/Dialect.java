package org.vifgate.netfilter.render;

import java.util.List;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.TableId;

/**
 * How a rule is spelled in one tool's canonical output. vifgate writes its rules in exactly the
 * form the save tool prints them back, so that a live rule and a desired rule compare equal word
 * for word; integration tests check this against the real tools.
 */
public enum Dialect {
  /** iptables and ip6tables, both backends: bridged traffic is matched with {@code -m physdev}. */
  IPTABLES {
    @Override
    public List<String> jumpTo(String chain) {
      return List.of("-m", "physdev", "--physdev-is-bridged", "-j", chain);
    }

    @Override
    public List<String> fromPort(String port, String target) {
      return List.of("-m", "physdev", "--physdev-in", port, "-j", target);
    }

    @Override
    public List<String> toPort(String port, String target) {
      return List.of("-m", "physdev", "--physdev-out", port, "-j", target);
    }
  },
  /** ebtables-nft: bridge ports are the rule's own {@code -i}/{@code -o}. */
  EBTABLES {
    @Override
    public List<String> jumpTo(String chain) {
      return List.of("-j", chain);
    }

    @Override
    public List<String> fromPort(String port, String target) {
      return List.of("-i", port, "-j", target);
    }

    @Override
    public List<String> toPort(String port, String target) {
      return List.of("-o", port, "-j", target);
    }
  },
  /**
   * arptables-legacy as read from its listing, which prints the target first; the wildcard
   * interfaces and counters are dropped by the listing parser.
   */
  ARPTABLES {
    @Override
    public List<String> jumpTo(String chain) {
      return List.of("-j", chain);
    }

    @Override
    public List<String> fromPort(String port, String target) {
      return List.of("-j", target, "-i", port);
    }

    @Override
    public List<String> toPort(String port, String target) {
      return List.of("-j", target, "-o", port);
    }
  };

  /** An unconditional jump to {@code chain} from a shared chain. */
  public abstract List<String> jumpTo(String chain);

  /** A rule matching frames that entered the bridge through {@code port}. */
  public abstract List<String> fromPort(String port, String target);

  /** A rule matching frames that leave the bridge through {@code port}. */
  public abstract List<String> toPort(String port, String target);

  /** An unconditional verdict. */
  public List<String> verdict(String target) {
    return List.of("-j", target);
  }

  public static Dialect of(TableId table) {
    return switch (table.family()) {
      case IPV4, IPV6 -> IPTABLES;
      case BRIDGE -> EBTABLES;
      case ARP -> {
        if (table.backend() != Backend.LEGACY) {
          throw new IllegalArgumentException("arptables-nft has no FORWARD chain: " + table);
        }
        yield ARPTABLES;
      }
    };
  }

  public static boolean supports(Family family, Backend backend) {
    return !(family == Family.ARP && backend == Backend.NFT);
  }
}
