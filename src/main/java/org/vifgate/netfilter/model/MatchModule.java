package org.vifgate.netfilter.model;

import java.util.List;
import java.util.Optional;

/** A {@code -m NAME} match with the options that follow it, in printed order. */
public record MatchModule(String name, List<ModuleOption> options) {
  public MatchModule {
    options = List.copyOf(options);
  }

  public Optional<ModuleOption> option(String optionName) {
    return options.stream().filter(o -> o.name().equals(optionName)).findFirst();
  }
}
