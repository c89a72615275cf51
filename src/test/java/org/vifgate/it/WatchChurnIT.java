package org.vifgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vifgate.exec.CommandResult;
import org.vifgate.lab.ForeignRules;
import org.vifgate.lab.LabOptions;
import org.vifgate.lab.Recipe;
import org.vifgate.netfilter.model.Backend;

/**
 * Another process inserts and deletes rules in the FORWARD chain vifgate shares (inside the lab's
 * dom0 only) for three seconds while the watcher resyncs every 200 ms and applies role changes from
 * the file: every foreign rule that was left in place is still there, in its order, and the managed
 * rules converge with the jump back at the top.
 */
class WatchChurnIT {

  private static final Duration CHURN = Duration.ofSeconds(3);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void foreignRulesSurviveAndManagedRulesConverge(Backend backend) throws Exception {
    String tool = backend == Backend.LEGACY ? "iptables-legacy" : "ebtables-nft";
    String save = backend == Backend.LEGACY ? "iptables-legacy-save" : "ebtables-nft-save";
    try (LabFixture f =
        LabFixture.create("vgwchurn" + backend.id().charAt(0), LabOptions.defaults())) {
      if (backend == Backend.LEGACY) {
        Recipe.run(f.lab.dom0Runner(), ForeignRules.dockerLike(backend, f.tools));
      }
      List<String> foreignBefore = foreignForward(f.save(save));
      f.writeConfig(backend, "passive", WatchChecks.DOM0);
      try (WatcherProcess watcher = WatcherProcess.start(f, Map.of(), "--resync", "200ms")) {
        watcher.awaitEvent(0, "applied", Duration.ofSeconds(30));
        CompletableFuture<List<String>> churn =
            CompletableFuture.supplyAsync(() -> churn(f, tool, backend));
        long end = System.nanoTime() + CHURN.toNanos();
        String role = "passive";
        while (System.nanoTime() < end) {
          Thread.sleep(500);
          role = role.equals("passive") ? "active" : "passive";
          f.writeConfig(backend, role, WatchChecks.DOM0);
        }
        List<String> kept = churn.get();
        f.writeConfig(backend, "passive", WatchChecks.DOM0);
        WatchChecks.awaitConverged(f, Duration.ofSeconds(10));

        String live = f.save(save);
        List<String> forward = forward(live);
        assertTrue(
            forward.get(0).contains("-j VIFGATE"), "vifgate's jump is back at the top: " + forward);
        List<String> expected = new ArrayList<>(kept);
        expected.addAll(foreignBefore);
        assertEquals(expected, foreignForward(live), "foreign rules intact and in their order");
        assertTrue(kept.size() >= 5, "the churn left rules behind: " + kept);
        // The churn was noticed: drift repaired, or a read-back that found the jump moved again.
        assertTrue(
            watcher.lines().stream()
                .anyMatch(l -> l.event().equals("drift-repaired") || l.event().equals("error")),
            watcher.log());
      }
      WatchChecks.assertGuests(f, "passive");
    }
  }

  /**
   * Inserts a rule at the top of FORWARD, deletes the previous one again by its spec (two of three
   * times), for {@link #CHURN}. Returns the rules it left, as the save tool prints them, in chain
   * order (the newest first).
   */
  private static List<String> churn(LabFixture f, String tool, Backend backend) {
    List<String> kept = new ArrayList<>();
    long end = System.nanoTime() + CHURN.toNanos();
    String previous = null;
    try {
      for (int i = 0; System.nanoTime() < end; i++) {
        String name = "churn" + i;
        run(f, tool, backend, "-I", "FORWARD", "1", "-i", name, "-j", "ACCEPT");
        if (previous != null) {
          run(f, tool, backend, "-D", "FORWARD", "-i", previous, "-j", "ACCEPT");
        }
        previous = i % 3 == 0 ? null : name;
        if (i % 3 == 0) {
          kept.add(0, "-A FORWARD -i " + name + " -j ACCEPT");
        }
      }
      if (previous != null) {
        run(f, tool, backend, "-D", "FORWARD", "-i", previous, "-j", "ACCEPT");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return kept;
  }

  private static void run(LabFixture f, String tool, Backend backend, String... args)
      throws Exception {
    List<String> argv = new ArrayList<>();
    if (backend == Backend.LEGACY) {
      argv.add("-w");
    }
    argv.addAll(List.of(args));
    CommandResult result = f.inDom0(tool, argv.toArray(String[]::new));
    // ebtables-nft may lose a race against the watcher's transaction; try again like an admin
    // would.
    for (int attempt = 0; !result.succeeded() && attempt < 5; attempt++) {
      Thread.sleep(20);
      result = f.inDom0(tool, argv.toArray(String[]::new));
    }
    if (!result.succeeded()) {
      throw new IllegalStateException(result.describeFailure());
    }
  }

  private static List<String> forward(String save) {
    return save.lines().filter(l -> l.startsWith("-A FORWARD ")).toList();
  }

  private static List<String> foreignForward(String save) {
    return forward(save).stream().filter(l -> !l.contains("-j VIFGATE")).toList();
  }
}
