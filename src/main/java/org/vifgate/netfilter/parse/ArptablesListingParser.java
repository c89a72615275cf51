package org.vifgate.netfilter.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.Chain;
import org.vifgate.netfilter.model.Counters;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Rule;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.model.Table;
import org.vifgate.netfilter.model.Token;

/**
 * Reads {@code arptables-legacy -L -n -v --line-numbers}, the only faithful view of the legacy ARP
 * tables (Debian's {@code arptables-legacy-save} is a wrapper around the nft tool). arptables
 * 0.0.5 prints:
 *
 * <pre>
 * Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 * 1 -j ACCEPT -i vif0.0 -o * , pcnt=0 -- bcnt=0
 * 2 -i * -o * , pcnt=12K -- bcnt=504K
 *
 * Chain VIFGATE (1 references)
 * </pre>
 *
 * <p>Each rule becomes its words in the listing's own order (target first), without the wildcard
 * {@code -i *} / {@code -o *} that the listing adds to every rule and without the counters, which
 * go to {@link Rule#counters()}. The counters are the tool's rounded figures: above 99,999 it
 * prints thousands with a K, M, G or T suffix, even with {@code -x}; they are read back as that
 * figure times the unit. {@link Rule#text()} is the listing line itself.
 *
 * <p>Only that exact invocation is accepted. Without {@code -v} and {@code --line-numbers} a rule
 * with no target is printed as an empty line, which looks like the separator between chains; such
 * a listing is rejected rather than read with a rule missing. The listing always shows the one
 * table, {@code filter}; an empty text means no legacy ARP table exists.
 */
public final class ArptablesListingParser {

  private static final Pattern BUILTIN =
      Pattern.compile("Chain (\\S+) \\(policy (\\S+) (\\d+[KMGT]?) packets, (\\d+[KMGT]?) bytes\\)");
  private static final Pattern BUILTIN_WITHOUT_COUNTERS = Pattern.compile("Chain (\\S+) \\(policy (\\S+)\\)");
  private static final Pattern USER = Pattern.compile("Chain (\\S+) \\((\\d+) references?\\)");
  private static final Pattern RULE_COUNTERS =
      Pattern.compile(" , pcnt=(\\d+[KMGT]?) -- bcnt=(\\d+[KMGT]?) ?$");

  private final String[] lines;
  private final List<Chain> chains = new ArrayList<>();
  private final RuleAnalyzer analyzer = RuleAnalyzer.forKind(DumpKind.ARPTABLES);

  private String chainName;
  private boolean chainBuiltin;
  private String chainPolicy;
  private Counters chainCounters;
  private List<Rule> chainRules;
  private int lineNo;

  private ArptablesListingParser(String text) {
    this.lines = text.split("\n", -1);
  }

  /** Parses the listing; the ruleset has kind ARPTABLES and backend LEGACY. */
  public static Ruleset parse(String text) throws DumpParseException {
    return new ArptablesListingParser(text).run();
  }

  /** True when {@code text} looks like an arptables listing rather than a save dump. */
  public static boolean looksLikeListing(String text) {
    return text.startsWith("Chain ");
  }

  private Ruleset run() throws DumpParseException {
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--;
    }
    if (count == 0) {
      return Ruleset.empty(DumpKind.ARPTABLES, Backend.LEGACY);
    }
    for (int i = 0; i < count; i++) {
      lineNo = i + 1;
      String line = lines[i];
      if (line.isEmpty()) {
        if (i + 1 < count && !lines[i + 1].startsWith("Chain ")) {
          throw error(line, "an empty line inside a chain: a rule without a target listed without"
              + " -v --line-numbers? List with 'arptables-legacy -L -n -v --line-numbers'");
        }
        continue;
      }
      if (line.startsWith("Chain ")) {
        chainHeader(line);
      } else {
        rule(line);
      }
    }
    closeChain();
    return new Ruleset(
        DumpKind.ARPTABLES, Backend.LEGACY, List.of(new Table("filter", chains)), List.of());
  }

  private void chainHeader(String line) throws DumpParseException {
    closeChain();
    Matcher m = BUILTIN.matcher(line);
    if (m.matches()) {
      openChain(m.group(1), true, m.group(2), new Counters(number(m.group(3)), number(m.group(4))));
      return;
    }
    m = USER.matcher(line);
    if (m.matches()) {
      openChain(m.group(1), false, null, null);
      return;
    }
    if (BUILTIN_WITHOUT_COUNTERS.matcher(line).matches()) {
      throw error(line, "a listing without counters; list with 'arptables-legacy -L -n -v"
          + " --line-numbers'");
    }
    throw error(line, "not a chain header of an arptables listing");
  }

  private void openChain(String name, boolean builtin, String policy, Counters counters)
      throws DumpParseException {
    for (Chain chain : chains) {
      if (chain.name().equals(name)) {
        throw error(lines[lineNo - 1], "chain " + name + " is listed twice");
      }
    }
    chainName = name;
    chainBuiltin = builtin;
    chainPolicy = policy;
    chainCounters = counters;
    chainRules = new ArrayList<>();
  }

  private void closeChain() {
    if (chainName != null) {
      chains.add(new Chain(chainName, chainBuiltin, chainPolicy, chainCounters, chainRules));
      chainName = null;
    }
  }

  private void rule(String line) throws DumpParseException {
    if (chainName == null) {
      throw error(line, "a rule before the first chain header");
    }
    int space = line.indexOf(' ');
    int number = space > 0 ? (int) Math.min(Integer.MAX_VALUE, digitsOrMinus(line.substring(0, space))) : -1;
    if (number < 0) {
      throw error(line, "a rule line without its number; list with 'arptables-legacy -L -n -v"
          + " --line-numbers'");
    }
    if (number != chainRules.size() + 1) {
      throw error(line, "rule number " + number + " where " + (chainRules.size() + 1)
          + " was expected: the listing is incomplete");
    }
    Matcher m = RULE_COUNTERS.matcher(line);
    if (!m.find()) {
      throw error(line, "a rule line without ', pcnt=N -- bcnt=N'; list with 'arptables-legacy -L"
          + " -n -v --line-numbers'");
    }
    Counters counters = new Counters(number(m.group(1)), number(m.group(2)));
    String body = m.start() > space ? line.substring(space + 1, m.start()) : "";
    List<Token> tokens = words(body);
    try {
      chainRules.add(analyzer.analyze(chainName, tokens.toArray(new Token[0]), tokens.size(), line, counters));
    } catch (BadRule e) {
      throw error(line, e.getMessage());
    }
  }

  /** The words of a rule, without the {@code -i *} / {@code -o *} every listed rule carries. */
  private static List<Token> words(String body) {
    String[] parts = body.trim().split(" +");
    List<Token> tokens = new ArrayList<>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      String word = parts[i];
      if (word.isEmpty()) {
        continue;
      }
      boolean wildcard =
          (word.equals("-i") || word.equals("-o"))
              && i + 1 < parts.length
              && parts[i + 1].equals("*")
              && (i == 0 || !parts[i - 1].equals("!"));
      if (wildcard) {
        i++;
        continue;
      }
      tokens.add(Token.bare(word));
    }
    return tokens;
  }

  /** {@code 1234}, or a rounded {@code 1235K} as 1,235,000. */
  static long number(String text) {
    char last = text.charAt(text.length() - 1);
    long unit = 1;
    switch (last) {
      case 'K':
        unit = 1_000L;
        break;
      case 'M':
        unit = 1_000_000L;
        break;
      case 'G':
        unit = 1_000_000_000L;
        break;
      case 'T':
        unit = 1_000_000_000_000L;
        break;
      default:
        return Long.parseLong(text);
    }
    return Long.parseLong(text.substring(0, text.length() - 1)) * unit;
  }

  private static long digitsOrMinus(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(text);
  }

  private DumpParseException error(String line, String reason) {
    return new DumpParseException(lineNo, line, reason);
  }
}
