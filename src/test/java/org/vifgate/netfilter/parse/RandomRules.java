package org.vifgate.netfilter.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random iptables rules and dumps for LazyParseTest: mostly well-formed rules built from the
 * grammar (general matches, {@code -m} modules with options of every arity, targets with their
 * options, negations, quoted values with escapes and line breaks), then some broken by random
 * edits, so that both a parser's acceptance and its refusals are exercised.
 */
final class RandomRules {

  private static final List<String> GENERAL = List.of(
      "-p", "--protocol", "-i", "--in-interface", "-o", "--out-interface", "-s", "--source", "--src",
      "-d", "--destination", "--dst");
  private static final List<String> FLAGS = List.of(
      "--syn", "--physdev-is-bridged", "--log-uid", "--random", "-f", "--fragment", "--rsource");
  private static final List<String> ONE_VALUE = List.of(
      "--dport", "--sport", "--comment", "--log-prefix", "--physdev-in", "--physdev-out", "--ctstate",
      "--mark", "--to-destination", "--reject-with", "--probability", "--mode", "--dports");
  private static final List<String> TWO_VALUES = List.of("--tcp-flags", "--match-set");
  /** Not in OptionArity: read generically. One is longer than the check's 24-byte cache key. */
  private static final List<String> UNKNOWN = List.of(
      "--foo", "-x", "--hashlimit-htable-expire", "--a-very-long-unknown-option-name", "-ï", "--ctorigsrc");
  private static final List<String> MODULES = List.of(
      "tcp", "udp", "comment", "physdev", "conntrack", "mark", "multiport", "statistic", "set");
  private static final List<String> TARGETS = List.of(
      "ACCEPT", "DROP", "RETURN", "LOG", "REJECT", "VG-0001", "\"\"");
  private static final List<String> PLAIN = List.of(
      "vif0.0", "80", "198.51.100.7/32", "tcp", "NEW,ESTABLISHED", "0x1/0xff", "vïf1.0", "a\"b", "x\\",
      "203.0.113.0/24", "SYN,ACK");
  /** Values that only a fixed arity takes: a dash, or '!'. */
  private static final List<String> ODD = List.of("-x", "!", "--dport", "-");
  private static final List<String> QUOTED = List.of(
      "\"a b\"", "\"a \\\"b\\\" c\"", "\"l1\nl2\"", "\"-A INPUT -j ACCEPT\"", "\"\"", "\"x\\\\\"",
      "\"esc\\\nnl\"", "\"two\n\nbreaks\"", "\"tab\there\"", "\"ï\"");
  private static final List<String> SEPARATORS = List.of(" ", " ", " ", "  ", "\t", " \t");
  private static final List<String> ENDINGS = List.of(
      "", "\n", "\n", "\n-A INPUT -j ACCEPT\n", "\r", "\r\n", "\n" + "#".repeat(30), " ");

  private RandomRules() {}

  /** {@code -A X} and a rule's words, perhaps broken, then what may follow a rule. */
  static String line(Random random) {
    List<String> words = words(random, true);
    return "-A X" + pick(random, SEPARATORS) + String.join(pick(random, SEPARATORS), words)
        + pick(random, ENDINGS);
  }

  /** The words of one rule; with {@code mutate}, half of them get one or two random edits. */
  static List<String> words(Random random, boolean mutate) {
    List<String> w = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      if (random.nextInt(4) == 0) {
        w.add("-f");
        continue;
      }
      if (random.nextInt(3) == 0) {
        w.add("!");
      }
      w.add(pick(random, GENERAL));
      w.add(value(random));
    }
    for (int m = random.nextInt(3); m > 0; m--) {
      w.add(random.nextBoolean() ? "-m" : "--match");
      w.add(pick(random, MODULES));
      for (int o = random.nextInt(4); o > 0; o--) {
        option(random, w);
      }
    }
    int target = random.nextInt(10);
    if (target < 7) {
      w.add(random.nextInt(5) == 0 ? "--jump" : "-j");
      w.add(pick(random, TARGETS));
      for (int o = random.nextInt(3); o > 0; o--) {
        option(random, w);
      }
    } else if (target < 8) {
      w.add(random.nextBoolean() ? "-g" : "--goto");
      w.add("VG-0002");
    }
    if (mutate && random.nextBoolean()) {
      for (int k = 1 + random.nextInt(2); k > 0; k--) {
        mutate(random, w);
      }
    }
    return w;
  }

  private static void option(Random random, List<String> w) {
    if (random.nextInt(4) == 0) {
      w.add("!");
    }
    switch (random.nextInt(4)) {
      case 0:
        w.add(pick(random, FLAGS));
        break;
      case 1:
        w.add(pick(random, ONE_VALUE));
        w.add(random.nextInt(8) == 0 ? pick(random, ODD) : value(random));
        break;
      case 2:
        w.add(pick(random, TWO_VALUES));
        w.add(value(random));
        w.add(random.nextInt(8) == 0 ? pick(random, ODD) : value(random));
        break;
      default:
        w.add(pick(random, UNKNOWN));
        for (int v = random.nextInt(3); v > 0; v--) {
          w.add(value(random));
        }
    }
  }

  private static String value(Random random) {
    return random.nextInt(3) == 0 ? pick(random, QUOTED) : pick(random, PLAIN);
  }

  private static void mutate(Random random, List<String> w) {
    int at = w.isEmpty() ? 0 : random.nextInt(w.size());
    switch (random.nextInt(10)) {
      case 0:
        if (!w.isEmpty()) {
          w.remove(at);
        }
        break;
      case 1:
        if (!w.isEmpty()) {
          w.add(at, w.get(at));
        }
        break;
      case 2:
        w.add(at, "!");
        break;
      case 3:
        List<List<String>> all = List.of(GENERAL, FLAGS, ONE_VALUE, TWO_VALUES, UNKNOWN, MODULES, TARGETS,
            PLAIN, ODD, QUOTED, List.of("-j", "-g", "-m", "--jump", "--goto", "--match"));
        w.add(at, pick(random, pick(random, all)));
        break;
      case 4:
        if (w.size() > 1) {
          int next = (at + 1) % w.size();
          String word = w.get(at);
          w.set(at, w.get(next));
          w.set(next, word);
        }
        break;
      case 5:
        w.add(at, "\"open");
        break;
      case 6:
        w.add(at, pick(random, QUOTED) + "x");
        break;
      case 7:
        if (!w.isEmpty()) {
          w.set(at, w.get(at) + "\r");
        }
        break;
      case 8:
        w.add(at, "-j");
        w.add(at + 1, "X");
        break;
      default:
        w.add(at, "-");
    }
  }

  /** An iptables dump of up to 15 rules, some broken, sometimes with a broken line or no COMMIT. */
  static String dump(Random random) {
    StringBuilder s = new StringBuilder();
    boolean header = random.nextInt(4) != 0;
    if (header) {
      s.append("# Generated by iptables-save v1.8.9 on Thu Nov 26 09:00:02 2026\n");
    }
    s.append("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [1:2]\n:OUTPUT ACCEPT [0:0]\n:X - [0:0]\n:Y - [0:0]\n");
    List<String> chains = List.of("INPUT", "FORWARD", "X", "Y", "X", "FORWARD");
    for (int r = random.nextInt(16); r > 0; r--) {
      int odd = random.nextInt(40);
      if (odd == 0) {
        s.append(pick(random, List.of("bogus", "", "# a note", ":Z - [0:0]", "COMMIT", "-I INPUT 1", "*nat")))
            .append('\n');
        continue;
      }
      if (odd < 6) {
        s.append(pick(random, List.of("[3:400] ", "[18446744073709551615:1] ", "[3:x] ", "[3:4]", "[1:2")));
      }
      s.append("-A ").append(odd == 6 ? "NOPE" : pick(random, chains));
      List<String> words = words(random, random.nextInt(6) == 0);
      if (!words.isEmpty()) {
        s.append(' ').append(String.join(" ", words));
      }
      s.append('\n');
    }
    if (random.nextInt(20) != 0) {
      s.append("COMMIT\n");
    }
    if (header) {
      s.append("# Completed on Thu Nov 26 09:00:02 2026\n");
    }
    return s.toString();
  }

  /** An iptables dump of {@code rules} well-formed rules over 40 chains. */
  static String validDump(Random random, int rules) {
    StringBuilder s = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    for (int c = 0; c < 40; c++) {
      s.append(":C").append(c).append(" - [0:0]\n");
    }
    for (int r = 0; r < rules; r++) {
      s.append("-A C").append(random.nextInt(40));
      List<String> words = words(random, false);
      if (!words.isEmpty()) {
        s.append(' ').append(String.join(" ", words));
      }
      s.append('\n');
    }
    return s.append("COMMIT\n").toString();
  }

  /** {@code text} with one to three random edits: bytes, lines, or an end cut off. */
  static String mutateDump(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      if (s.length() == 0) {
        break;
      }
      List<int[]> lines = lines(s);
      int at = random.nextInt(s.length());
      int[] line = lines.get(random.nextInt(lines.size()));
      switch (random.nextInt(8)) {
        case 0:
        case 1:
          s.insert(at, pick(random, List.of(" ", "\"", "\\", "!", "-", "\n", "\r", "\t", "x", "[", "]", ":", "é")));
          break;
        case 2:
          s.deleteCharAt(at);
          break;
        case 3:
          s.delete(line[0], Math.min(s.length(), line[1] + 1));
          break;
        case 4:
          s.insert(line[0], s.substring(line[0], Math.min(s.length(), line[1] + 1)));
          break;
        case 5:
          List<String> words = words(random, true);
          s.insert(line[0], "-A " + pick(random, List.of("INPUT", "FORWARD", "OUTPUT")) + " "
              + String.join(" ", words) + "\n");
          break;
        case 6:
          // A word of a rule replaced: find a space in this line and put a random word after it.
          int space = s.indexOf(" ", line[0]);
          if (space >= 0 && space < line[1]) {
            List<String> vocabulary = new ArrayList<>(words(random, false));
            vocabulary.addAll(List.of("!", "-j", "-m", "\"open", "-"));
            s.insert(space + 1, pick(random, vocabulary) + " ");
          }
          break;
        default:
          s.setLength(at);
      }
    }
    return s.toString();
  }

  private static List<int[]> lines(CharSequence s) {
    List<int[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '\n') {
        lines.add(new int[] {start, i});
        start = i + 1;
      }
    }
    return lines;
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
