package org.vifgate.netfilter.model;

import java.util.List;
import java.util.Optional;

/**
 * A chain and its rules in kernel order. {@code policy} is null for user chains in the
 * iptables formats (they print {@code -}); ebtables user chains have a policy of their own.
 * {@code builtin} tells the two apart. {@code rules} may be a {@link LazyRuleList}: a parsed
 * chain builds its rules when they are first read.
 */
public record Chain(String name, boolean builtin, String policy, Counters counters, List<Rule> rules) {
  public Chain {
    // A LazyRuleList is immutable already; copying it would build every rule it holds.
    rules = rules instanceof LazyRuleList ? rules : List.copyOf(rules);
  }

  public Optional<String> policyName() {
    return Optional.ofNullable(policy);
  }
}
