package org.vifgate.netfilter.model;

import java.util.List;
import java.util.Optional;

/**
 * One rule as a save tool printed it.
 *
 * <p>{@code tokens} are the words after {@code -A CHAIN}, exactly as printed, so a rule can be
 * written back byte for byte; {@code text} is the source text itself (it may span lines when a
 * comment contains a newline). The remaining fields are facts parsed from the tokens for the
 * planner. {@code target} is empty for a rule without {@code -j}/{@code -g} (it only counts).
 */
public record Rule(
    String chain,
    List<Token> tokens,
    String text,
    Counters counters,
    String target,
    boolean isGoto,
    Match protocol,
    Match inInterface,
    Match outInterface,
    List<MatchModule> modules,
    String comment) {

  public Rule {
    tokens = List.copyOf(tokens);
    modules = List.copyOf(modules);
  }

  /** The unquoted words after {@code -A CHAIN}: the canonical form vifgate compares. */
  public List<String> args() {
    return tokens.stream().map(Token::value).toList();
  }

  public Optional<String> targetName() {
    return Optional.ofNullable(target);
  }

  public Optional<MatchModule> module(String name) {
    return modules.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The rule as a restore line, {@code -A CHAIN tokens...}, with the tokens as printed. */
  public String restoreLine() {
    StringBuilder line = new StringBuilder("-A ").append(chain);
    for (Token token : tokens) {
      line.append(' ').append(token.raw());
    }
    return line.toString();
  }
}
