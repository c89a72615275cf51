package org.vifgate.netfilter.plan;

/** The kinds of edit a plan is made of, named as in JSON output. */
public enum Op {
  /** Insert a rule at a position (1 = first). */
  INSERT("insert", '+'),
  /** Delete a rule: by position in vifgate's own chain, by full rule spec in shared chains. */
  DELETE("delete", '-'),
  /** Replace the rule at a position, in one step (iptables {@code -R}). */
  REPLACE("replace", '~'),
  /** Create vifgate's chain. */
  CREATE_CHAIN("create-chain", '+'),
  /** Remove vifgate's chain with everything in it (a layout left on the other backend). */
  DELETE_CHAIN("delete-chain", '-');

  private final String id;
  private final char symbol;

  Op(String id, char symbol) {
    this.id = id;
    this.symbol = symbol;
  }

  public String id() {
    return id;
  }

  /** The terraform-style marker in text plans. */
  public char symbol() {
    return symbol;
  }
}
