package org.vifgate.netfilter.model;

import java.util.List;

/**
 * A rule as vifgate compares and writes it: its chain and its words, unquoted, in the canonical
 * order the save tool prints them. Two rules are the same rule when their specs are equal; that is
 * how vifgate recognises its own rules without depending on positions.
 */
public record RuleSpec(String chain, List<String> args) {

  public RuleSpec {
    args = List.copyOf(args);
  }

  // By hand, like TableId's: a record's own spin method handles on first use, on every cold run.
  @Override
  public boolean equals(Object other) {
    return other instanceof RuleSpec r && r.chain.equals(chain) && r.args.equals(args);
  }

  @Override
  public int hashCode() {
    return chain.hashCode() * 31 + args.hashCode();
  }

  public static RuleSpec of(String chain, String... args) {
    return new RuleSpec(chain, List.of(args));
  }

  public static RuleSpec of(Rule rule) {
    return new RuleSpec(rule.chain(), rule.args());
  }

  /** The words after {@code -A CHAIN}, quoted where a restore parser needs it. */
  public String quotedArgs() {
    StringBuilder text = new StringBuilder();
    for (String arg : args) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(quote(arg));
    }
    return text.toString();
  }

  /** {@code -A CHAIN args}, as a save tool would print it. */
  public String display() {
    return args.isEmpty() ? "-A " + chain : "-A " + chain + " " + quotedArgs();
  }

  @Override
  public String toString() {
    return display();
  }

  static String quote(String arg) {
    if (!arg.isEmpty() && arg.chars().allMatch(RuleSpec::isPlain)) {
      return arg;
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : arg.toCharArray()) {
      if (c == '"' || c == '\\' || c == '\'') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }

  private static boolean isPlain(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.'
        || c == '+'
        || c == '/'
        || c == ':'
        || c == '!';
  }
}
