package org.vifgate.netfilter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LazyRuleListTest {

  private static Rule rule(int i) {
    return new Rule("C", List.of(Token.bare("-j"), Token.bare("T" + i)), "-A C -j T" + i, null, "T" + i,
        false, null, null, null, List.of(), null);
  }

  @Test
  void buildsEachRuleOnceWhenFirstRead() {
    AtomicIntegerArray calls = new AtomicIntegerArray(5);
    List<Rule> rules = LazyRuleList.of(5, i -> {
      calls.incrementAndGet(i);
      return rule(i);
    });
    assertEquals(5, rules.size());
    assertEquals(0, calls.get(3), "nothing is built before it is read");
    Rule third = rules.get(3);
    assertSame(third, rules.get(3));
    assertEquals(1, calls.get(3));
    assertEquals(0, calls.get(0));
    assertEquals(List.of(rule(0), rule(1), rule(2), rule(3), rule(4)), rules);
    assertEquals(rules, List.of(rule(0), rule(1), rule(2), rule(3), rule(4)));
    assertEquals(List.of(rule(0), rule(1), rule(2), rule(3), rule(4)).hashCode(), rules.hashCode());
    for (int i = 0; i < 5; i++) {
      assertEquals(1, calls.get(i));
    }
  }

  @Test
  void isImmutable() {
    List<Rule> rules = LazyRuleList.of(2, LazyRuleListTest::rule);
    assertThrows(UnsupportedOperationException.class, () -> rules.add(rule(9)));
    assertThrows(UnsupportedOperationException.class, () -> rules.set(0, rule(9)));
    assertThrows(UnsupportedOperationException.class, () -> rules.remove(0));
    assertThrows(UnsupportedOperationException.class, rules::clear);
    assertThrows(UnsupportedOperationException.class, () -> rules.sort(Comparator.comparing(Rule::text)));
    assertThrows(UnsupportedOperationException.class, () -> {
      var iterator = rules.iterator();
      iterator.next();
      iterator.remove();
    });
    assertThrows(IndexOutOfBoundsException.class, () -> rules.get(2));
    assertThrows(IndexOutOfBoundsException.class, () -> rules.get(-1));
    assertEquals(List.of(), LazyRuleList.of(0, i -> {
      throw new AssertionError();
    }));
  }

  @Test
  void aChainKeepsTheListWithoutBuildingIt() {
    List<Rule> rules = LazyRuleList.of(3, i -> {
      throw new AssertionError("built rule " + i);
    });
    Chain chain = new Chain("C", false, null, null, rules);
    assertSame(rules, chain.rules());
    assertEquals(3, chain.rules().size());
    // Any other list is still copied.
    List<Rule> plain = new ArrayList<>(List.of(rule(1)));
    Chain copied = new Chain("C", false, null, null, plain);
    plain.clear();
    assertEquals(List.of(rule(1)), copied.rules());
  }

  @Test
  void threadsReadingTheSameIndexGetTheSameInstance() throws Exception {
    int size = 20_000;
    List<Rule> rules = LazyRuleList.of(size, LazyRuleListTest::rule);
    Rule[][] seen = new Rule[4][size];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        for (int k = 0; k < size; k++) {
          int i = id % 2 == 0 ? k : size - 1 - k;
          seen[id][i] = rules.get(i);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    for (int i = 0; i < size; i++) {
      for (int t = 1; t < 4; t++) {
        assertSame(seen[0][i], seen[t][i]);
      }
      assertEquals(rule(i), seen[0][i]);
    }
  }
}
