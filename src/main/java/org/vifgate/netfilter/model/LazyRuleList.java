package org.vifgate.netfilter.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of rules that builds each {@link Rule} the first time it is read, then keeps
 * it. A parser checks a whole dump up front but leaves building the rule objects to the callers
 * that look at them: the planner reads two chains of a dump that may hold 100,000 rules.
 *
 * <p>To its readers it is an ordinary immutable list: equal to any list of the same rules, every
 * mutator throws {@link UnsupportedOperationException}, and it is safe to read from several
 * threads. Two threads that read the same index get the same {@code Rule} instance.
 */
public final class LazyRuleList extends AbstractList<Rule> implements RandomAccess {

  /**
   * Builds rule {@code index}. The contract that keeps the list immutable and the parse exact: a
   * decoder is pure (the same index always gives an equal rule), never fails (whatever can fail
   * was checked before the list was made), and may be called from several threads at once.
   */
  @FunctionalInterface
  public interface Decoder {
    Rule decode(int index);
  }

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Rule[].class);

  private final Rule[] rules;
  private final Decoder decoder;

  private LazyRuleList(int size, Decoder decoder) {
    this.rules = new Rule[size];
    this.decoder = Objects.requireNonNull(decoder);
  }

  /** A list of {@code size} rules; see {@link Decoder} for what {@code decoder} must promise. */
  public static List<Rule> of(int size, Decoder decoder) {
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    return size == 0 ? List.of() : new LazyRuleList(size, decoder);
  }

  @Override
  public Rule get(int index) {
    Objects.checkIndex(index, rules.length);
    Rule rule = (Rule) SLOTS.getAcquire(rules, index);
    if (rule != null) {
      return rule;
    }
    Rule decoded = Objects.requireNonNull(decoder.decode(index), "decoder returned null");
    // When two threads decode the same rule, the first to store it wins and both return that one.
    Rule witness = (Rule) SLOTS.compareAndExchange(rules, index, null, decoded);
    return witness == null ? decoded : witness;
  }

  @Override
  public int size() {
    return rules.length;
  }
}
