package org.vifgate.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vifgate.config.BackendChoice;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;

/**
 * The backend vifgate works on, and why. With {@code backend: auto} it is the backend the host
 * already uses. When both hold rules vifgate refuses rather than guess: a DROP on either backend
 * wins, so a wrong pick leaves guests cut off or open, and counting rules to decide is a known
 * source of wrong picks.
 */
public record BackendSelection(Backend backend, String reason) {

  /** The dumps auto-detection looks at: every tool of both backends. */
  public static List<DumpId> detectionDumps() {
    return DumpId.all();
  }

  public static BackendSelection select(BackendChoice choice, LiveSnapshot live, boolean nftInstalled)
      throws BackendConflictException {
    switch (choice) {
      case LEGACY:
        return new BackendSelection(Backend.LEGACY, "backend: legacy in the file");
      case NFT:
        return new BackendSelection(Backend.NFT, "backend: nft in the file");
      default:
        break;
    }
    List<String> legacy = holders(live.dumps(), Backend.LEGACY);
    List<String> nft = holders(live.dumps(), Backend.NFT);
    if (!legacy.isEmpty() && !nft.isEmpty()) {
      throw new BackendConflictException(
          "backend: auto found rules on both backends: legacy ("
              + String.join(", ", legacy)
              + ") and nft ("
              + String.join(", ", nft)
              + "). A DROP on either one wins, so vifgate will not guess: set `backend: legacy` or"
              + " `backend: nft` in the file (vifgate then moves its own rules and the original"
              + " recipe's to that backend).");
    }
    if (!legacy.isEmpty()) {
      return new BackendSelection(
          Backend.LEGACY, "auto: only the legacy backend holds rules (" + String.join(", ", legacy) + ")");
    }
    if (!nft.isEmpty()) {
      return new BackendSelection(
          Backend.NFT, "auto: only the nft backend holds rules (" + String.join(", ", nft) + ")");
    }
    return nftInstalled
        ? new BackendSelection(Backend.NFT, "auto: no rules on either backend; nft is the current default")
        : new BackendSelection(Backend.LEGACY, "auto: no rules on either backend and ebtables-nft is not installed");
  }

  private static List<String> holders(Map<DumpId, Ruleset> dumps, Backend backend) {
    List<String> holders = new ArrayList<>();
    dumps.forEach(
        (id, ruleset) -> {
          if (id.backend() == backend && holdsRules(ruleset)) {
            holders.add(id.tool() + ": " + ruleset.ruleCount() + " rules");
          }
        });
    return holders;
  }

  /** Rules, a user chain or a policy other than ACCEPT: anything that changes what passes. */
  static boolean holdsRules(Ruleset ruleset) {
    for (Table table : ruleset.tables()) {
      for (Chain chain : table.chains()) {
        if (!chain.rules().isEmpty() || !chain.builtin() || !"ACCEPT".equals(chain.policy())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Both backends hold rules and the file does not say which one to use. */
  public static final class BackendConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    BackendConflictException(String message) {
      super(message);
    }
  }
}
