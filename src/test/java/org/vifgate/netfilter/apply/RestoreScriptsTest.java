package org.vifgate.netfilter.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.plan.Edit;
import org.vifgate.netfilter.plan.GateSpec;
import org.vifgate.netfilter.plan.Op;
import org.vifgate.netfilter.plan.Planner;
import org.vifgate.netfilter.plan.TablePlan;
import org.vifgate.netfilter.render.GateLayout;
import org.vifgate.netfilter.render.GateLayout.DesiredTable;

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

  private static final TableId IPT = TableId.filter(Family.IPV4, Backend.LEGACY);
  private static final TableId EBT = TableId.filter(Family.BRIDGE, Backend.NFT);

  private static TablePlan flipToActive(TableId table) {
    return Planner.flip(
            GateSpec.of(table.backend(), Role.PASSIVE, List.of("vif0.0")),
            GateSpec.of(table.backend(), Role.ACTIVE, List.of("vif0.0")))
        .tables()
        .stream()
        .filter(t -> t.table().equals(table))
        .findFirst()
        .orElseThrow();
  }

  private static DesiredTable passive(TableId table) {
    return GateLayout.desired(table, List.of("vif0.0"), Role.PASSIVE);
  }

  @Test
  void guardedIptablesFlipChecksWhatItKeepsAndDeletesWhatItReplacesBySpec() {
    assertEquals(
        """
        *filter
        -C FORWARD -m physdev --physdev-is-bridged -j VIFGATE
        -C VIFGATE -m physdev --physdev-in vif0.0 -j RETURN
        -C VIFGATE -m physdev --physdev-out vif0.0 -j RETURN
        -D VIFGATE -j DROP
        -I VIFGATE 3 -j RETURN
        COMMIT
        """,
        RestoreScripts.iptablesExpecting(flipToActive(IPT), passive(IPT)));
  }

  @Test
  void guardedEbtablesFlipDeletesTheReplacedRuleBySpec() {
    assertEquals(
        """
        *filter
        -D VIFGATE -j DROP
        -I VIFGATE 3 -j RETURN
        """,
        RestoreScripts.ebtablesExpecting(flipToActive(EBT), passive(EBT)));
  }

  @Test
  void guardedScriptsTakeOnlyReplacesOfTheOwnedChain() {
    for (Edit edit : EDITS) {
      if (edit.op() == Op.REPLACE) {
        continue;
      }
      TablePlan plan = new TablePlan(IPT, List.of(edit));
      assertThrows(IllegalArgumentException.class, () -> RestoreScripts.iptablesExpecting(plan, passive(IPT)), edit::toString);
      assertThrows(IllegalArgumentException.class, () -> RestoreScripts.ebtablesExpecting(plan, passive(EBT)), edit::toString);
    }
    TablePlan beyond = new TablePlan(IPT, List.of(Edit.replace(4, RuleSpec.of("VIFGATE", "-j", "DROP"), "")));
    assertThrows(IllegalArgumentException.class, () -> RestoreScripts.iptablesExpecting(beyond, passive(IPT)));
  }
}
