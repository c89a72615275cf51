package org.vifgate.netfilter.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vifgate.netfilter.model.RuleSpec;

/** ChainDiff is minimal (equal to a brute-force edit distance) and correct (applies to desired). */
class ChainDiffPropertyTest {

  private static final List<RuleSpec> ALPHABET =
      List.of(
          RuleSpec.of("C", "-i", "a", "-j", "RETURN"),
          RuleSpec.of("C", "-o", "a", "-j", "RETURN"),
          RuleSpec.of("C", "-j", "DROP"),
          RuleSpec.of("C", "-j", "RETURN"));

  /** Random small cases from a fixed seed, so a failure reproduces; printed names show the case. */
  static Stream<Arguments> cases() {
    Random random = new Random(20261126);
    return Stream.generate(() -> Arguments.of(randomChain(random), randomChain(random))).limit(400);
  }

  private static List<RuleSpec> randomChain(Random random) {
    List<RuleSpec> chain = new ArrayList<>();
    int size = random.nextInt(6);
    for (int i = 0; i < size; i++) {
      chain.add(ALPHABET.get(random.nextInt(ALPHABET.size())));
    }
    return chain;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void planIsMinimalAndCorrect(List<RuleSpec> live, List<RuleSpec> desired) {
    List<Edit> edits = ChainDiff.edits(live, desired, "test");

    EditSimulator table = new EditSimulator().chain("C", live);
    table.apply(edits);
    assertEquals(desired, table.rules("C"), "applying the plan yields the desired chain");
    assertEquals(bruteForceDistance(live, desired), edits.size(), "plan is minimal");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void tailReachesDesiredFormFirst(List<RuleSpec> live, List<RuleSpec> desired) {
    // After every edit, the chain ends with a suffix of the desired chain that only grows.
    EditSimulator table = new EditSimulator().chain("C", live);
    int settled = commonSuffix(table.rules("C"), desired);
    for (Edit edit : ChainDiff.edits(live, desired, "test")) {
      table.apply(edit);
      int now = commonSuffix(table.rules("C"), desired);
      assertTrue(now >= settled, "settled suffix shrank after " + edit);
      settled = now;
    }
  }

  private static int commonSuffix(List<RuleSpec> a, List<RuleSpec> b) {
    int k = 0;
    while (k < a.size() && k < b.size() && a.get(a.size() - 1 - k).equals(b.get(b.size() - 1 - k))) {
      k++;
    }
    return k;
  }

  /** Breadth-first search over every single-rule insert, delete and replace: the true minimum. */
  static int bruteForceDistance(List<RuleSpec> from, List<RuleSpec> to) {
    Map<List<RuleSpec>, Integer> seen = new HashMap<>();
    ArrayDeque<List<RuleSpec>> queue = new ArrayDeque<>();
    seen.put(from, 0);
    queue.add(from);
    int limit = Math.max(from.size(), to.size()) + 1;
    while (!queue.isEmpty()) {
      List<RuleSpec> state = queue.poll();
      int distance = seen.get(state);
      if (state.equals(to)) {
        return distance;
      }
      for (List<RuleSpec> next : neighbours(state, limit)) {
        if (!seen.containsKey(next)) {
          seen.put(next, distance + 1);
          queue.add(next);
        }
      }
    }
    throw new AssertionError("unreachable");
  }

  private static List<List<RuleSpec>> neighbours(List<RuleSpec> state, int limit) {
    List<List<RuleSpec>> result = new ArrayList<>();
    for (int i = 0; i < state.size(); i++) {
      List<RuleSpec> deleted = new ArrayList<>(state);
      deleted.remove(i);
      result.add(deleted);
      for (RuleSpec rule : ALPHABET) {
        List<RuleSpec> replaced = new ArrayList<>(state);
        replaced.set(i, rule);
        result.add(replaced);
      }
    }
    if (state.size() < limit) {
      for (int i = 0; i <= state.size(); i++) {
        for (RuleSpec rule : ALPHABET) {
          List<RuleSpec> inserted = new ArrayList<>(state);
          inserted.add(i, rule);
          result.add(inserted);
        }
      }
    }
    return result;
  }
}
