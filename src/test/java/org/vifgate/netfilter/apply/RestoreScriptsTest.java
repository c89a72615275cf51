package org.vifgate.netfilter.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.Edit;
import org.vifgate.netfilter.plan.TablePlan;

class RestoreScriptsTest {

  private static final List<Edit> EDITS =
      List.of(
          Edit.createChain("VIFGATE"),
          Edit.insert(1, RuleSpec.of("VIFGATE", "-j", "DROP"), ""),
          Edit.replace(3, RuleSpec.of("VIFGATE", "-j", "RETURN"), ""),
          Edit.deleteAt(2, RuleSpec.of("VIFGATE", "-i", "vif0.0", "-j", "RETURN"), ""),
          Edit.deleteBySpec(RuleSpec.of("FORWARD", "-m", "physdev", "--physdev-in", "vif0.0", "-j", "ACCEPT"), ""),
          Edit.deleteBySpec(RuleSpec.of("FORWARD"), ""),
          Edit.deleteChain("OLD", ""));

  @Test
  void iptablesScriptIsOneTransactionWithReplace() {
    String script = RestoreScripts.iptables(new TablePlan(TableId.filter(Family.IPV4, Backend.NFT), EDITS));
    assertEquals(
        """
        *filter
        :VIFGATE - [0:0]
        -I VIFGATE 1 -j DROP
        -R VIFGATE 3 -j RETURN
        -D VIFGATE 2
        -D FORWARD -m physdev --physdev-in vif0.0 -j ACCEPT
        -D FORWARD
        -F OLD
        -X OLD
        COMMIT
        """,
        script);
  }

  @Test
  void ebtablesReplaceIsDeleteAndInsertAtTheSamePosition() {
    String script = RestoreScripts.ebtables(new TablePlan(TableId.filter(Family.BRIDGE, Backend.NFT), EDITS));
    assertEquals(
        """
        *filter
        :VIFGATE RETURN
        -I VIFGATE 1 -j DROP
        -D VIFGATE 3
        -I VIFGATE 3 -j RETURN
        -D VIFGATE 2
        -D FORWARD -m physdev --physdev-in vif0.0 -j ACCEPT
        -D FORWARD
        -F OLD
        -X OLD
        """,
        script);
  }

  @Test
  void arptablesCommandsAreArgumentLists() {
    List<List<String>> commands =
        RestoreScripts.arptables(new TablePlan(TableId.filter(Family.ARP, Backend.LEGACY), EDITS));
    assertEquals(
        List.of(
            List.of("-N", "VIFGATE"),
            List.of("-I", "VIFGATE", "1", "-j", "DROP"),
            List.of("-R", "VIFGATE", "3", "-j", "RETURN"),
            List.of("-D", "VIFGATE", "2"),
            List.of("-D", "FORWARD", "-m", "physdev", "--physdev-in", "vif0.0", "-j", "ACCEPT"),
            List.of("-D", "FORWARD"),
            List.of("-F", "OLD"),
            List.of("-X", "OLD")),
        commands);
  }

  @Test
  void valuesThatNeedQuotesAreQuotedTheWayRestoreReadsThem() {
    Edit edit = Edit.insert(1, RuleSpec.of("X", "-m", "comment", "--comment", "say \"hi\" there", "-j", "DROP"), "");
    String script = RestoreScripts.iptables(new TablePlan(TableId.filter(Family.IPV4, Backend.NFT), List.of(edit)));
    assertEquals("*filter\n-I X 1 -m comment --comment \"say \\\"hi\\\" there\" -j DROP\nCOMMIT\n", script);
  }
}
