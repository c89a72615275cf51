package org.vifgate.netfilter.parse;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
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
 * <p>An instance reads one dump, rule after rule, and keeps the state of the rule being read in
 * its fields plus caches shared by all rules of the dump (a dump of 100,000 rules is read in tens
 * of milliseconds only if the per-rule work allocates little). Not thread-safe.
 */
abstract class RuleAnalyzer {

  private static final int CACHE = 1 << 10;

  private final String[] nameKeys = new String[CACHE];
  private final String[] names = new String[CACHE];
  private final String[] arityKeys = new String[CACHE];
  private final int[] arities = new int[CACHE];
  private final ValueCache values = new ValueCache();
  private MatchModule[] modules = new MatchModule[8];
  private ModuleOption[] options = new ModuleOption[8];
  private int[] optionHashes = new int[8];

  // The rule being read.
  private Token[] words;
  private int count;
  private int pos;
  private boolean negatePending;
  private boolean afterTarget;
  private String moduleName;
  private int moduleCount;
  private int optionCount;
  String target;
  boolean isGoto;
  Match protocol;
  Match in;
  Match out;
  String comment;

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

  /** Builds the rule whose words (after {@code -A CHAIN}) are {@code words[0, count)}. */
  final Rule analyze(String chain, Token[] words, int count, String text, Counters counters)
      throws BadRule {
    this.words = words;
    this.count = count;
    pos = 0;
    negatePending = false;
    afterTarget = false;
    moduleName = null;
    moduleCount = 0;
    target = null;
    isGoto = false;
    protocol = null;
    in = null;
    out = null;
    comment = null;
    read();
    if (negatePending) {
      throw new BadRule("'!' is not followed by an option");
    }
    closeModule();
    return new Rule(
        chain,
        values.listOf(words, count),
        text,
        counters,
        target,
        isGoto,
        protocol,
        in,
        out,
        values.listOf(modules, moduleCount),
        comment);
  }

  /** Reads the words of the current rule with the cursor methods below. */
  abstract void read() throws BadRule;

  // ----- cursor over the words of the current rule

  final boolean more() {
    return pos < count;
  }

  /** The next word as printed; a {@code !} sets a pending negation and is skipped. */
  final String nextOption() throws BadRule {
    while (true) {
      String raw = words[pos++].raw();
      if (!raw.equals("!")) {
        if (!isOption(raw)) {
          throw new BadRule("unexpected word '" + raw + "' where an option was expected");
        }
        return raw;
      }
      if (negatePending) {
        throw new BadRule("'!' twice in a row");
      }
      negatePending = true;
      if (pos >= count) {
        return null;
      }
    }
  }

  /** Consumes the negation written before the current option. */
  final boolean takeNegation() {
    boolean negated = negatePending;
    negatePending = false;
    return negated;
  }

  /** Consumes a {@code !} written after the option ({@code -i ! vif1.0}, ebtables' style). */
  final boolean takePostNegation() {
    if (pos < count && words[pos].raw().equals("!")) {
      pos++;
      return true;
    }
    return false;
  }

  /** The single value of {@code option}. */
  final String value(String option) throws BadRule {
    if (pos >= count) {
      throw new BadRule("option " + option + " has no value");
    }
    return words[pos++].value();
  }

  /** The values of an extension option: exactly {@code arity}, or read generically. */
  final List<String> values(String option, int arity) throws BadRule {
    if (arity == 0) {
      return List.of();
    }
    if (arity == 1) {
      return List.of(value(option));
    }
    int end = pos;
    if (arity > 0) {
      end = pos + arity;
      if (end > count) {
        throw new BadRule("option " + option + " needs " + arity + " values");
      }
    } else {
      while (end < count && !isOption(words[end].raw()) && !words[end].raw().equals("!")) {
        end++;
      }
    }
    String[] found = new String[end - pos];
    for (int k = 0; k < found.length; k++) {
      found[k] = words[pos++].value();
    }
    return List.of(found);
  }

  final void notNegated(boolean negated, String option) throws BadRule {
    if (negated) {
      throw new BadRule("option " + option + " cannot be negated");
    }
  }

  final void setTarget(String name, boolean viaGoto) throws BadRule {
    if (afterTarget) {
      throw new BadRule("a second -j/-g");
    }
    target = name;
    isGoto = viaGoto;
    afterTarget = true;
    closeModule();
  }

  final boolean afterTarget() {
    return afterTarget;
  }

  final Match match(String value, boolean negated) {
    return values.match(value, negated);
  }

  // ----- match modules of the current rule

  final void openModule(String name) {
    closeModule();
    moduleName = name;
    optionCount = 0;
  }

  final boolean inModule() {
    return moduleName != null;
  }

  final String moduleName() {
    return moduleName;
  }

  final void addOption(String option, List<String> optionValues, boolean negated) {
    growOptions();
    options[optionCount] = values.option(optionName(option), optionValues, negated);
    optionHashes[optionCount++] = values.lastOptionHash;
  }

  final void addOption(String option, String value, boolean negated) {
    growOptions();
    options[optionCount] = values.option(optionName(option), value, negated);
    optionHashes[optionCount++] = values.lastOptionHash;
  }

  private void growOptions() {
    if (optionCount == options.length) {
      options = Arrays.copyOf(options, optionCount * 2);
      optionHashes = Arrays.copyOf(optionHashes, optionCount * 2);
    }
  }

  final void closeModule() {
    if (moduleName == null) {
      return;
    }
    if (moduleCount == modules.length) {
      modules = Arrays.copyOf(modules, moduleCount * 2);
    }
    modules[moduleCount++] = values.module(moduleName, options, optionHashes, optionCount);
    moduleName = null;
  }

  // ----- helpers

  /** {@code --physdev-in} becomes {@code physdev-in}; cached because the same words repeat. */
  final String optionName(String option) {
    int slot = option.hashCode() & (CACHE - 1);
    if (nameKeys[slot] == option) {
      return names[slot];
    }
    int dashes = option.startsWith("--") ? 2 : 1;
    String name = option.substring(dashes);
    nameKeys[slot] = option;
    names[slot] = name;
    return name;
  }

  /**
   * The arity of {@code option} from {@code table} ({@link OptionArity}), cached by identity: the
   * tokenizer hands out the same string for every occurrence of a short word.
   */
  final int arity(String option, ToIntFunction<String> table) {
    int slot = option.hashCode() & (CACHE - 1);
    if (arityKeys[slot] == option) {
      return arities[slot];
    }
    int arity = table.applyAsInt(option);
    arityKeys[slot] = option;
    arities[slot] = arity;
    return arity;
  }

  static boolean isOption(String raw) {
    return raw.length() > 1 && raw.charAt(0) == '-';
  }

  /**
   * iptables and ip6tables: {@code [!] -s/-d/-i/-o/-p ...}, then {@code -m NAME [!] --opt
   * value...} per match, then {@code -j TARGET --opt...} or {@code -g CHAIN}. Negation is always
   * written before the option.
   */
  static final class Iptables extends RuleAnalyzer {
    @Override
    void read() throws BadRule {
      while (more()) {
        String raw = nextOption();
        if (raw == null) {
          return;
        }
        boolean negated = takeNegation();
        switch (raw) {
          case "-j":
          case "--jump":
            notNegated(negated, raw);
            setTarget(value(raw), false);
            break;
          case "-g":
          case "--goto":
            notNegated(negated, raw);
            setTarget(value(raw), true);
            break;
          case "-m":
          case "--match":
            notNegated(negated, raw);
            if (afterTarget()) {
              throw new BadRule("a match after the target");
            }
            openModule(value(raw));
            break;
          case "-p":
          case "--protocol":
            protocol = match(value(raw), negated);
            break;
          case "-i":
          case "--in-interface":
            in = match(value(raw), negated);
            break;
          case "-o":
          case "--out-interface":
            out = match(value(raw), negated);
            break;
          case "-s":
          case "--source":
          case "--src":
          case "-d":
          case "--destination":
          case "--dst":
            value(raw);
            break;
          case "-f":
          case "--fragment":
            break;
          default:
            extensionOption(raw, negated);
        }
      }
    }

    private void extensionOption(String raw, boolean negated) throws BadRule {
      int arity = arity(raw, OptionArity::iptables);
      if (arity == 1) {
        String found = value(raw);
        if (inModule()) {
          addOption(raw, found, negated);
          if (comment == null && raw.equals("--comment") && moduleName().equals("comment")) {
            comment = found;
          }
        }
        return;
      }
      List<String> found = values(raw, arity);
      if (inModule()) {
        addOption(raw, found, negated);
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
    void read() throws BadRule {
      while (more()) {
        String raw = nextOption();
        if (raw == null) {
          return;
        }
        boolean negated = takeNegation();
        switch (raw) {
          case "-j":
          case "--jump":
            notNegated(negated, raw);
            String name = value(raw);
            setTarget(name.equals("CONTINUE") ? null : name, false);
            break;
          case "-p":
          case "--protocol":
            negated |= takePostNegation();
            protocol = match(value(raw), negated);
            break;
          case "-i":
          case "--in-interface":
          case "--in-if":
            negated |= takePostNegation();
            in = match(value(raw), negated);
            break;
          case "-o":
          case "--out-interface":
          case "--out-if":
            negated |= takePostNegation();
            out = match(value(raw), negated);
            break;
          case "-s":
          case "--source":
          case "--src":
          case "-d":
          case "--destination":
          case "--dst":
          case "--logical-in":
          case "--logical-out":
            takePostNegation();
            value(raw);
            break;
          case "-m":
          case "--match":
            notNegated(negated, raw);
            openModule(value(raw));
            break;
          default:
            extensionOption(raw, negated);
        }
      }
    }

    private void extensionOption(String raw, boolean negated) throws BadRule {
      int arity = arity(raw, OptionArity::ebtables);
      if (arity != 0) {
        negated |= takePostNegation();
      }
      List<String> found = values(raw, arity);
      if (afterTarget()) {
        return;
      }
      String module = moduleOf(raw);
      if (!inModule() || !moduleName().equals(module)) {
        openModule(module);
      }
      addOption(raw, found, negated);
    }

    /** {@code --ip6-src} is an option of module ip6, {@code --limit-burst} of limit, etc. */
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
    void read() throws BadRule {
      while (more()) {
        String raw = nextOption();
        if (raw == null) {
          return;
        }
        boolean negated = takeNegation();
        switch (raw) {
          case "-j":
          case "--jump":
            notNegated(negated, raw);
            setTarget(value(raw), false);
            break;
          case "-i":
          case "--in-interface":
            negated |= takePostNegation();
            in = match(value(raw), negated);
            break;
          case "-o":
          case "--out-interface":
            negated |= takePostNegation();
            out = match(value(raw), negated);
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
            takePostNegation();
            value(raw);
            break;
          default:
            int arity = arity(raw, OptionArity::arptables);
            if (arity != 0) {
              takePostNegation();
            }
            values(raw, arity);
        }
      }
    }
  }
}
