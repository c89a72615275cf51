package org.vifgate.netfilter.parse;

import java.util.Arrays;
import java.util.List;
import org.vifgate.netfilter.model.Match;
import org.vifgate.netfilter.model.MatchModule;
import org.vifgate.netfilter.model.ModuleOption;

/**
 * Shares equal immutable values between the rules of one dump ({@code Match[vif0.0]}, {@code
 * ModuleOption[ctstate=NEW]}, {@code MatchModule[physdev[physdev-in=vif0.0]]}...). A dump of
 * 100,000 rules repeats these many thousand times; sharing them keeps the parsed ruleset small,
 * and a small result is what keeps the parse fast (everything a parse allocates survives it, so
 * the collector copies all of it).
 *
 * <p>Each cache is direct-mapped: a slot holds the last value that hashed to it, a miss just
 * replaces it. Not thread-safe; one per dump.
 */
final class ValueCache {

  private static final int SIZE = 1 << 12;

  private final Match[] matches = new Match[SIZE];
  private final ModuleOption[] options = new ModuleOption[SIZE];
  private final MatchModule[] modules = new MatchModule[SIZE];
  /** The hash of the option the last {@link #option} call returned, for {@link #module}. */
  int lastOptionHash;
  /** {@code exact[n]} is a reusable array of length n, so that each list is copied only once. */
  private Object[][] exact = new Object[64][];

  Match match(String value, boolean negated) {
    int slot = (value.hashCode() * 2 + (negated ? 1 : 0)) & (SIZE - 1);
    Match cached = matches[slot];
    if (cached != null && cached.negated() == negated && cached.value().equals(value)) {
      return cached;
    }
    Match match = new Match(value, negated);
    matches[slot] = match;
    return match;
  }

  ModuleOption option(String name, List<String> values, boolean negated) {
    int hash = name.hashCode() * 31 + (negated ? 1 : 0);
    for (int i = 0; i < values.size(); i++) {
      hash = hash * 31 + values.get(i).hashCode();
    }
    lastOptionHash = hash;
    int slot = spread(hash);
    ModuleOption cached = options[slot];
    if (cached != null
        && cached.negated() == negated
        && cached.name().equals(name)
        && cached.values().equals(values)) {
      return cached;
    }
    ModuleOption option = new ModuleOption(name, values, negated);
    options[slot] = option;
    return option;
  }

  /** The same for an option with exactly one value, without building a list on a hit. */
  ModuleOption option(String name, String value, boolean negated) {
    int hash = (name.hashCode() * 31 + (negated ? 1 : 0)) * 31 + value.hashCode();
    lastOptionHash = hash;
    int slot = spread(hash);
    ModuleOption cached = options[slot];
    if (cached != null
        && cached.negated() == negated
        && cached.name().equals(name)
        && cached.values().size() == 1
        && cached.values().get(0).equals(value)) {
      return cached;
    }
    ModuleOption option = new ModuleOption(name, List.of(value), negated);
    options[slot] = option;
    return option;
  }

  /**
   * The module {@code name} with options {@code opts[0, count)}, which are values from {@link
   * #option} and so compare by identity; {@code optionHashes} are their {@link #lastOptionHash}.
   * The options list is only built when the module is new.
   */
  MatchModule module(String name, ModuleOption[] opts, int[] optionHashes, int count) {
    int hash = name.hashCode();
    for (int i = 0; i < count; i++) {
      hash = hash * 31 + optionHashes[i];
    }
    int slot = spread(hash);
    MatchModule cached = modules[slot];
    if (cached != null && cached.name().equals(name) && sameOptions(cached.options(), opts, count)) {
      return cached;
    }
    MatchModule module = new MatchModule(name, listOf(opts, count));
    modules[slot] = module;
    return module;
  }

  private static boolean sameOptions(List<ModuleOption> list, ModuleOption[] opts, int count) {
    if (list.size() != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (list.get(i) != opts[i]) {
        return false;
      }
    }
    return true;
  }

  /** An immutable list of {@code items[0, n)}, allocating nothing but the list itself. */
  @SuppressWarnings("unchecked")
  <T> List<T> listOf(T[] items, int n) {
    switch (n) {
      case 0:
        return List.of();
      case 1:
        return List.of(items[0]);
      case 2:
        return List.of(items[0], items[1]);
      default:
        if (n >= exact.length) {
          exact = Arrays.copyOf(exact, n * 2);
        }
        Object[] scratch = exact[n];
        if (scratch == null) {
          scratch = new Object[n];
          exact[n] = scratch;
        }
        System.arraycopy(items, 0, scratch, 0, n);
        // List.of copies its argument, so the scratch array is free again for the next list.
        return (List<T>) List.of(scratch);
    }
  }

  private static int spread(int hash) {
    return (hash ^ (hash >>> 16)) & (SIZE - 1);
  }
}
