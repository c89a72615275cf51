package org.vifgate.netfilter.parse;

import java.util.ArrayList;
import java.util.List;
import org.vifgate.netfilter.model.Counters;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Match;
import org.vifgate.netfilter.model.MatchModule;
import org.vifgate.netfilter.model.ModuleOption;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Token;

/**
 * Reads the facts the planner needs (target, goto, protocol, interfaces, match modules, comment)
 * out of a rule's words. Each tool family prints rules differently, so each has its own reading:
 * {@link Iptables} (iptables and ip6tables), {@link Ebtables}, {@link Arptables}.
 *
 * <p>The words themselves are never changed or dropped; a reading only adds facts. A rule whose
 * words do not fit the family's grammar (a word where an option is expected, an option without
 * its value, a dangling {@code !}) is rejected rather than half-understood.
 *
 * <p>Instances keep small caches and are not thread-safe; use one per dump.
 */
abstract class RuleAnalyzer {

  private static final int NAME_CACHE = 1 << 10;
  private final String[] nameKeys = new String[NAME_CACHE];
  private final String[] names = new String[NAME_CACHE];

  static RuleAnalyzer forKind(DumpKind kind) {
    switch (kind) {
      case IPTABLES:
      case IP6TABLES:
        return new Iptables();
      case EBTABLES:
        return new Ebtables();
      case ARPTABLES:
        return new Arptables();
      default:
        throw new IllegalArgumentException("no rule reader for " + kind);
    }
  }

  /** Builds the rule for {@code tokens} (the words after {@code -A CHAIN}). */
  final Rule analyze(String chain, List<Token> tokens, String text, Counters counters)
      throws BadRule {
    Reading r = new Reading(tokens);
    read(r);
    if (r.negatePending) {
      throw new BadRule("'!' is not followed by an option");
    }
    r.closeModule();
    return new Rule(
        chain,
        tokens,
        text,
        counters,
        r.target,
        r.isGoto,
        r.protocol,
        r.in,
        r.out,
        r.modules == null ? List.of() : r.modules,
        r.comment);
  }

  abstract void read(Reading r) throws BadRule;

  /** {@code --physdev-in} becomes {@code physdev-in}; cached because the same words repeat. */
  final String optionName(String option) {
    int slot = option.hashCode() & (NAME_CACHE - 1);
    if (nameKeys[slot] == option) {
      return names[slot];
    }
    int dashes = option.startsWith("--") ? 2 : 1;
    String name = option.substring(dashes);
    nameKeys[slot] = option;
    names[slot] = name;
    return name;
  }

  static boolean isOption(String raw) {
    return raw.length() > 1 && raw.charAt(0) == '-';
  }

  /** The state of reading one rule: a cursor over its words plus the facts found so far. */
  final class Reading {
    private final List<Token> tokens;
    private int pos;
    boolean negatePending;
    boolean afterTarget;

    String target;
    boolean isGoto;
    Match protocol;
    Match in;
    Match out;
    String comment;
    List<MatchModule> modules;
    private String moduleName;
    private List<ModuleOption> moduleOptions;

    Reading(List<Token> tokens) {
      this.tokens = tokens;
    }

    boolean more() {
      return pos < tokens.size();
    }

    Token take() {
      return tokens.get(pos++);
    }

    /** Consumes a pending {@code !} written before the current option. */
    boolean takeNegation() {
      boolean negated = negatePending;
      negatePending = false;
      return negated;
    }

    /** Consumes a {@code !} written after the option ({@code -i ! vif1.0}, ebtables' style). */
    boolean takePostNegation() {
      if (pos < tokens.size() && tokens.get(pos).raw().equals("!")) {
        pos++;
        return true;
      }
      return false;
    }

    void negateNext() throws BadRule {
      if (negatePending) {
        throw new BadRule("'!' twice in a row");
      }
      negatePending = true;
    }

    /** The single value of {@code option}. */
    String value(String option) throws BadRule {
      if (pos >= tokens.size()) {
        throw new BadRule("option " + option + " has no value");
      }
      return tokens.get(pos++).value();
    }

    /** The values of an extension option: exactly {@code arity}, or read generically. */
    List<String> values(String option, int arity) throws BadRule {
      if (arity == 0) {
        return List.of();
      }
      if (arity == 1) {
        return List.of(value(option));
      }
      List<String> found = new ArrayList<>(arity < 0 ? 2 : arity);
      if (arity > 0) {
        for (int k = 0; k < arity; k++) {
          found.add(value(option));
        }
      } else {
        while (pos < tokens.size()) {
          String raw = tokens.get(pos).raw();
          if (isOption(raw) || raw.equals("!")) {
            break;
          }
          found.add(tokens.get(pos++).value());
        }
      }
      return List.copyOf(found);
    }

    void notNegated(boolean negated, String option) throws BadRule {
      if (negated) {
        throw new BadRule("option " + option + " cannot be negated");
      }
    }

    void setTarget(String name, boolean viaGoto) throws BadRule {
      if (target != null || afterTarget) {
        throw new BadRule("a second -j/-g");
      }
      target = name;
      isGoto = viaGoto;
      afterTarget = true;
      closeModule();
    }

    void openModule(String name) {
      closeModule();
      moduleName = name;
      moduleOptions = new ArrayList<>(4);
    }

    boolean inModule() {
      return moduleName != null;
    }

    String moduleName() {
      return moduleName;
    }

    void addOption(String option, List<String> values, boolean negated) {
      moduleOptions.add(new ModuleOption(optionName(option), values, negated));
    }

    void closeModule() {
      if (moduleName == null) {
        return;
      }
      if (modules == null) {
        modules = new ArrayList<>(4);
      }
      modules.add(new MatchModule(moduleName, moduleOptions));
      moduleName = null;
      moduleOptions = null;
    }
  }

  /**
   * iptables and ip6tables: {@code [!] -s/-d/-i/-o/-p ...}, then {@code -m NAME [!] --opt
   * value...} per match, then {@code -j TARGET --opt...} or {@code -g CHAIN}. Negation is always
   * written before the option.
   */
  static final class Iptables extends RuleAnalyzer {
    @Override
    void read(Reading r) throws BadRule {
      while (r.more()) {
        String raw = r.take().raw();
        if (raw.equals("!")) {
          r.negateNext();
          continue;
        }
        if (!isOption(raw)) {
          throw new BadRule("unexpected word '" + raw + "' where an option was expected");
        }
        boolean negated = r.takeNegation();
        switch (raw) {
          case "-j":
          case "--jump":
            r.notNegated(negated, raw);
            r.setTarget(r.value(raw), false);
            break;
          case "-g":
          case "--goto":
            r.notNegated(negated, raw);
            r.setTarget(r.value(raw), true);
            break;
          case "-m":
          case "--match":
            r.notNegated(negated, raw);
            if (r.afterTarget) {
              throw new BadRule("a match after the target");
            }
            r.openModule(r.value(raw));
            break;
          case "-p":
          case "--protocol":
            r.protocol = new Match(r.value(raw), negated);
            break;
          case "-i":
          case "--in-interface":
            r.in = new Match(r.value(raw), negated);
            break;
          case "-o":
          case "--out-interface":
            r.out = new Match(r.value(raw), negated);
            break;
          case "-s":
          case "--source":
          case "--src":
          case "-d":
          case "--destination":
          case "--dst":
            r.value(raw);
            break;
          case "-f":
          case "--fragment":
            break;
          default:
            extensionOption(r, raw, negated);
        }
      }
    }

    private static void extensionOption(Reading r, String raw, boolean negated) throws BadRule {
      List<String> values = r.values(raw, OptionArity.iptables(raw));
      if (r.inModule()) {
        r.addOption(raw, values, negated);
        if (r.comment == null && raw.equals("--comment") && r.moduleName().equals("comment")) {
          r.comment = values.get(0);
        }
      }
      // Target options (after -j) and options outside any -m stay in the words only.
    }
  }

  /**
   * ebtables-nft-save: {@code -p [!] PROTO -i [!] IF ... --ext-opt [!] value ... -j TARGET
   * --target-opt value}. Extensions are loaded implicitly, so there is no {@code -m}: options are
   * grouped into modules by their prefix ({@code --ip-src} belongs to {@code ip}). A rule without
   * a target is printed with {@code -j CONTINUE}; its target is reported as none.
   */
  static final class Ebtables extends RuleAnalyzer {
    @Override
    void read(Reading r) throws BadRule {
      while (r.more()) {
        String raw = r.take().raw();
        if (raw.equals("!")) {
          r.negateNext();
          continue;
        }
        if (!isOption(raw)) {
          throw new BadRule("unexpected word '" + raw + "' where an option was expected");
        }
        boolean negated = r.takeNegation();
        switch (raw) {
          case "-j":
          case "--jump":
            r.notNegated(negated, raw);
            String target = r.value(raw);
            r.setTarget(target, false);
            if (target.equals("CONTINUE")) {
              r.target = null;
            }
            break;
          case "-p":
          case "--protocol":
            negated |= r.takePostNegation();
            r.protocol = new Match(r.value(raw), negated);
            break;
          case "-i":
          case "--in-interface":
          case "--in-if":
            negated |= r.takePostNegation();
            r.in = new Match(r.value(raw), negated);
            break;
          case "-o":
          case "--out-interface":
          case "--out-if":
            negated |= r.takePostNegation();
            r.out = new Match(r.value(raw), negated);
            break;
          case "-s":
          case "--source":
          case "--src":
          case "-d":
          case "--destination":
          case "--dst":
          case "--logical-in":
          case "--logical-out":
            r.takePostNegation();
            r.value(raw);
            break;
          case "-m":
          case "--match":
            r.notNegated(negated, raw);
            r.openModule(r.value(raw));
            break;
          default:
            extensionOption(r, raw, negated);
        }
      }
    }

    private void extensionOption(Reading r, String raw, boolean negated) throws BadRule {
      int arity = OptionArity.ebtables(raw);
      if (arity != 0) {
        negated |= r.takePostNegation();
      }
      List<String> values = r.values(raw, arity);
      if (r.afterTarget) {
        return;
      }
      String module = moduleOf(raw);
      if (!r.inModule() || !r.moduleName().equals(module)) {
        r.openModule(module);
      }
      r.addOption(raw, values, negated);
    }

    /** {@code --ip6-src} is option of module ip6, {@code --limit-burst} of limit, etc. */
    static String moduleOf(String option) {
      String name = option.startsWith("--") ? option.substring(2) : option.substring(1);
      if (name.startsWith("802_3")) {
        return "802_3";
      }
      int dash = name.indexOf('-');
      return dash > 0 ? name.substring(0, dash) : name;
    }
  }

  /**
   * arptables (arptables-nft-save, and the legacy listing once normalised): the target comes
   * first ({@code -j ACCEPT -i vif0.0}), then the matches, then the target's own options ({@code
   * -j mangle --src-mac ... --mangle-ip-s ...}). There are no match modules.
   */
  static final class Arptables extends RuleAnalyzer {
    @Override
    void read(Reading r) throws BadRule {
      while (r.more()) {
        String raw = r.take().raw();
        if (raw.equals("!")) {
          r.negateNext();
          continue;
        }
        if (!isOption(raw)) {
          throw new BadRule("unexpected word '" + raw + "' where an option was expected");
        }
        boolean negated = r.takeNegation();
        switch (raw) {
          case "-j":
          case "--jump":
            r.notNegated(negated, raw);
            r.setTarget(r.value(raw), false);
            break;
          case "-i":
          case "--in-interface":
            negated |= r.takePostNegation();
            r.in = new Match(r.value(raw), negated);
            break;
          case "-o":
          case "--out-interface":
            negated |= r.takePostNegation();
            r.out = new Match(r.value(raw), negated);
            break;
          case "-s":
          case "--source-ip":
          case "-d":
          case "--destination-ip":
          case "--src-mac":
          case "--source-mac":
          case "--dst-mac":
          case "--destination-mac":
          case "--opcode":
          case "--h-type":
          case "--h-length":
          case "-l":
          case "--proto-type":
            r.takePostNegation();
            r.value(raw);
            break;
          default:
            int arity = OptionArity.arptables(raw);
            if (arity != 0) {
              r.takePostNegation();
            }
            r.values(raw, arity);
        }
      }
    }
  }
}
