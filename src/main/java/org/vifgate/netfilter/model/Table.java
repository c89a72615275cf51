package org.vifgate.netfilter.model;

import java.util.List;
import java.util.Optional;

/** A table ({@code *filter}) and its chains in the order the tool printed them. */
public record Table(String name, List<Chain> chains) {
  public Table {
    chains = List.copyOf(chains);
  }

  public Optional<Chain> chain(String chainName) {
    return chains.stream().filter(c -> c.name().equals(chainName)).findFirst();
  }
}
