package org.vifgate.netfilter.model;

/** A value that a rule matches, possibly negated ({@code ! -i vif1.0}, {@code -i ! vif1.0}). */
public record Match(String value, boolean negated) {
  @Override
  public String toString() {
    return (negated ? "!" : "") + value;
  }
}
