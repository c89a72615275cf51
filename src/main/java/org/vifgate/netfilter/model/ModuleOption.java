package org.vifgate.netfilter.model;

import java.util.List;

/** One option of a match module: {@code ! --physdev-in vif0.0} is name physdev-in, negated. */
public record ModuleOption(String name, List<String> values, boolean negated) {
  public ModuleOption {
    values = List.copyOf(values);
  }
}
