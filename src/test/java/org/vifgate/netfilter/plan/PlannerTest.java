package org.vifgate.netfilter.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vifgate.config.Role;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.Family;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.RuleSpec;
import org.vifgate.netfilter.model.Table;
import org.vifgate.netfilter.model.TableId;
import org.vifgate.netfilter.model.Token;
import org.vifgate.netfilter.render.GateLayout;

class PlannerTest {

  static final TableId EBT = TableId.filter(Family.BRIDGE, Backend.NFT);
  static final TableId IPT_NFT = TableId.filter(Family.IPV4, Backend.NFT);
  static final TableId IPT_LEGACY = TableId.filter(Family.IPV4, Backend.LEGACY);
  static final TableId IP6T_LEGACY = TableId.filter(Family.IPV6, Backend.LEGACY);
  static final TableId ARPT_LEGACY = TableId.filter(Family.ARP, Backend.LEGACY);
  static final List<String> DOM0 = List.of("vif0.0", "vif0.1");

  /** A world of tables, each a simulator, that plans are applied to. */
  static final class World {
    final Map<TableId, EditSimulator> tables = new HashMap<>();

    EditSimulator table(TableId id) {
      return tables.computeIfAbsent(id, k -> new EditSimulator());
    }

    LiveTables live() {
      Map<TableId, Table> result = new HashMap<>();
      tables.forEach(
          (id, sim) -> {
            List<Chain> chains = new ArrayList<>();
            sim.chains.forEach(
                (name, rules) ->
                    chains.add(
                        new Chain(name, name.equals("FORWARD"), null, null, rules.stream().map(World::rule).toList())));
            result.put(id, new Table("filter", chains));
          });
      return new LiveTables(result);
    }

    static Rule rule(RuleSpec spec) {
      return new Rule(
          spec.chain(),
          spec.args().stream().map(Token::bare).toList(),
          spec.display(),
          null,
          null,
          false,
          null,
          null,
          null,
          List.of(),
          null);
    }

    Plan reconcile(Backend backend, Role role) {
      Plan plan = Planner.plan(GateSpec.of(backend, role, DOM0), live());
      for (TablePlan tablePlan : plan.tables()) {
        table(tablePlan.table()).apply(tablePlan.edits());
      }
      return plan;
    }
  }

  static List<RuleSpec> forward(String... lines) {
    List<RuleSpec> rules = new ArrayList<>();
    for (String line : lines) {
      rules.add(new RuleSpec("FORWARD", line.isEmpty() ? List.of() : List.of(line.split(" "))));
    }
    return rules;
  }

  @Test
  void freshHostGetsChainRulesAndJump() {
    World world = new World();
    Plan plan = world.reconcile(Backend.NFT, Role.PASSIVE);
    assertEquals(List.of(EBT), plan.tables().stream().map(TablePlan::table).toList());
    EditSimulator ebt = world.table(EBT);
    assertEquals(
        List.of(
            RuleSpec.of("VIFGATE", "-i", "vif0.0", "-j", "RETURN"),
            RuleSpec.of("VIFGATE", "-o", "vif0.0", "-j", "RETURN"),
            RuleSpec.of("VIFGATE", "-i", "vif0.1", "-j", "RETURN"),
            RuleSpec.of("VIFGATE", "-o", "vif0.1", "-j", "RETURN"),
            RuleSpec.of("VIFGATE", "-j", "DROP")),
        ebt.rules("VIFGATE"));
    assertEquals(List.of(RuleSpec.of("FORWARD", "-j", "VIFGATE")), ebt.rules("FORWARD"));
    assertTrue(world.reconcile(Backend.NFT, Role.PASSIVE).isEmpty(), "second run plans nothing");
  }

  @Test
  void roleFlipIsOneReplacePerTable() {
    for (Backend backend : Backend.values()) {
      World world = new World();
      world.reconcile(backend, Role.PASSIVE);
      Plan flip = world.reconcile(backend, Role.ACTIVE);
      assertEquals(GateLayout.managedTables(backend).size(), flip.editCount(), backend + ": " + flip);
      assertEquals(flip.editCount(), flip.count(Op.REPLACE));
      for (TablePlan table : flip.tables()) {
        Edit edit = table.edits().get(0);
        assertEquals(5, edit.position());
        assertEquals("RETURN", edit.rule().args().get(edit.rule().args().size() - 1));
      }
      Plan back = world.reconcile(backend, Role.PASSIVE);
      assertEquals(flip.editCount(), back.count(Op.REPLACE));
    }
  }

  @Test
  void ruleDeletedByHandCostsOneInsertAndDuplicateOneDelete() {
    World world = new World();
    world.reconcile(Backend.LEGACY, Role.PASSIVE);
    List<RuleSpec> chain = world.table(IPT_LEGACY).chains.get("VIFGATE");
    RuleSpec removed = chain.remove(2);
    Plan repair = world.reconcile(Backend.LEGACY, Role.PASSIVE);
    assertEquals(1, repair.editCount());
    assertEquals(Op.INSERT, repair.tables().get(0).edits().get(0).op());
    assertEquals(removed, repair.tables().get(0).edits().get(0).rule());

    world.table(ARPT_LEGACY).chains.get("VIFGATE").add(1, world.table(ARPT_LEGACY).rules("VIFGATE").get(1));
    Plan dedupe = world.reconcile(Backend.LEGACY, Role.PASSIVE);
    assertEquals(1, dedupe.editCount());
    assertEquals(Op.DELETE, dedupe.tables().get(0).edits().get(0).op());
  }

  @Test
  void jumpMovedBackToTopAndForeignRulesKeptInOrder() {
    World world = new World();
    world.table(IPT_LEGACY).chain("FORWARD", forward("-j DOCKER-USER", "-o docker0 -j DOCKER", "-i virbr0 -j ACCEPT"));
    world.table(IPT_LEGACY).chain("DOCKER-USER", forward("-j RETURN"));
    world.reconcile(Backend.LEGACY, Role.PASSIVE);
    List<RuleSpec> forward = world.table(IPT_LEGACY).rules("FORWARD");
    assertEquals(GateLayout.desired(IPT_LEGACY, DOM0, Role.PASSIVE).jump(), forward.get(0));
    assertEquals(forward("-j DOCKER-USER", "-o docker0 -j DOCKER", "-i virbr0 -j ACCEPT"), forward.subList(1, 4));

    // Another tool inserts above the jump: one delete by spec and one insert put it back.
    world.table(IPT_LEGACY).chains.get("FORWARD").add(0, forward("-i br-1 -j ACCEPT").get(0));
    Plan repair = world.reconcile(Backend.LEGACY, Role.PASSIVE);
    assertEquals(2, repair.editCount());
    forward = world.table(IPT_LEGACY).rules("FORWARD");
    assertTrue(JumpPlanner.targets(forward.get(0), "VIFGATE"));
    assertEquals(
        forward("-i br-1 -j ACCEPT", "-j DOCKER-USER", "-o docker0 -j DOCKER", "-i virbr0 -j ACCEPT"),
        forward.subList(1, 5));
    assertEquals(forward("-j RETURN"), world.table(IPT_LEGACY).rules("DOCKER-USER"));
  }

  @Test
  void duplicateJumpBelowTheTopIsRemoved() {
    World world = new World();
    world.reconcile(Backend.NFT, Role.PASSIVE);
    RuleSpec jump = world.table(EBT).rules("FORWARD").get(0);
    world.table(EBT).chains.get("FORWARD").addAll(forward("-i eth9 -j ACCEPT"));
    world.table(EBT).chains.get("FORWARD").add(jump);
    world.reconcile(Backend.NFT, Role.PASSIVE);
    assertEquals(List.of(jump, forward("-i eth9 -j ACCEPT").get(0)), world.table(EBT).rules("FORWARD"));
  }

  @Test
  void recipeOnNftHostMigratedIncludingLegacyArpHalf() {
    World world = new World();
    world.table(IPT_NFT).chain("FORWARD", recipeIptables("-j DROP"));
    world.table(ARPT_LEGACY).chain("FORWARD", recipeArptables(""));
    world.table(IPT_NFT).chains.get("FORWARD").add(0, forward("-j DOCKER-USER").get(0));
    Plan plan = world.reconcile(Backend.NFT, Role.PASSIVE);
    List<TableId> order = plan.tables().stream().map(TablePlan::table).toList();
    assertEquals(EBT, order.get(0), "the new block first, then the clean-ups");
    assertEquals(java.util.Set.of(IPT_NFT, ARPT_LEGACY), java.util.Set.copyOf(order.subList(1, 3)));
    assertEquals(forward("-j DOCKER-USER"), world.table(IPT_NFT).rules("FORWARD"));
    assertEquals(List.of(), world.table(ARPT_LEGACY).rules("FORWARD"));
    // The recipe's bare rule goes before its ACCEPTs, so dom0 is never cut off.
    Edit first = plan.tables().get(order.indexOf(IPT_NFT)).edits().get(0);
    assertEquals(forward("-j DROP").get(0), first.rule());
  }

  @Test
  void recipeAppliedTwiceAndOverwrittenByShiftedReplaceIsRecognised() {
    World world = new World();
    List<RuleSpec> twice = new ArrayList<>(recipeIptables("-j DROP"));
    twice.addAll(recipeIptables("-j DROP"));
    twice.add(0, forward("-j FOREIGN").get(0));
    twice.set(4, forward("").get(0)); // -R FORWARD 5 hit an ACCEPT because of the foreign rule
    world.table(IPT_LEGACY).chain("FORWARD", twice);
    world.table(IPT_LEGACY).chain("FOREIGN", List.of());
    world.reconcile(Backend.LEGACY, Role.ACTIVE);
    List<RuleSpec> forward = world.table(IPT_LEGACY).rules("FORWARD");
    assertEquals(2, forward.size(), forward.toString());
    assertEquals(forward("-j FOREIGN").get(0), forward.get(1));
  }

  @Test
  void loneForeignDropIsNotARecipe() {
    World world = new World();
    world.table(IPT_NFT).chain("FORWARD", forward("-i eth0 -j ACCEPT", "-j DROP"));
    world.reconcile(Backend.NFT, Role.PASSIVE);
    assertEquals(forward("-i eth0 -j ACCEPT", "-j DROP"), world.table(IPT_NFT).rules("FORWARD"));
  }

  @Test
  void switchingBackendRemovesOldLayoutAfterNewOneIsInPlace() {
    World world = new World();
    world.reconcile(Backend.LEGACY, Role.PASSIVE);
    world.table(IPT_LEGACY).chains.get("FORWARD").add(forward("-j FOREIGN").get(0));
    world.table(IPT_LEGACY).chain("FOREIGN", List.of());
    Plan plan = world.reconcile(Backend.NFT, Role.PASSIVE);
    assertEquals(List.of(EBT, IPT_LEGACY, IP6T_LEGACY, ARPT_LEGACY), plan.tables().stream().map(TablePlan::table).toList());
    assertEquals(forward("-j FOREIGN"), world.table(IPT_LEGACY).rules("FORWARD"));
    assertTrue(!world.table(IPT_LEGACY).chains.containsKey("VIFGATE"));
    assertTrue(!world.table(ARPT_LEGACY).chains.containsKey("VIFGATE"));
    assertTrue(world.reconcile(Backend.NFT, Role.PASSIVE).isEmpty());
  }

  private static List<RuleSpec> recipeIptables(String last) {
    return forward(
        "-m physdev --physdev-in vif0.0 -j ACCEPT",
        "-m physdev --physdev-out vif0.0 -j ACCEPT",
        "-m physdev --physdev-in vif0.1 -j ACCEPT",
        "-m physdev --physdev-out vif0.1 -j ACCEPT",
        last);
  }

  private static List<RuleSpec> recipeArptables(String last) {
    return forward("-j ACCEPT -i vif0.0", "-j ACCEPT -o vif0.0", "-j ACCEPT -i vif0.1", "-j ACCEPT -o vif0.1", last);
  }

  /** A flip planned without reading is exactly the plan made against the layout it assumes. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Backend.class)
  void flipIsThePlanAgainstThePreviousRolesLayout(Backend backend) {
    for (List<String> dom0 : List.of(List.<String>of(), List.of("vif0.0"), DOM0)) {
      for (Role from : Role.values()) {
        for (Role to : Role.values()) {
          World world = new World();
          GateSpec before = GateSpec.of(backend, from, dom0);
          GateSpec after = GateSpec.of(backend, to, dom0);
          for (TablePlan table : Planner.plan(before, world.live()).tables()) {
            world.table(table.table()).apply(table.edits());
          }
          Plan flip = Planner.flip(before, after);
          assertEquals(Planner.plan(after, world.live()), flip, backend + " " + dom0 + " " + from + "->" + to);
          assertEquals(from == to ? 0 : before.owned().size(), flip.editCount());
          assertTrue(flip.tables().stream().flatMap(t -> t.edits().stream()).allMatch(e -> e.op() == Op.REPLACE));
        }
      }
    }
  }

  @Test
  void flipRefusesSpecsThatDifferInMoreThanTheRole() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> Planner.flip(GateSpec.of(Backend.NFT, Role.PASSIVE, DOM0), GateSpec.of(Backend.NFT, Role.ACTIVE, List.of("vif0.0"))));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> Planner.flip(GateSpec.of(Backend.NFT, Role.PASSIVE, DOM0), GateSpec.of(Backend.LEGACY, Role.ACTIVE, DOM0)));
  }
}
