package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Expected outputs were produced with GNU diffutils' {@code diff -u} on the same inputs. */
class UnifiedDiffTest {

  private static String body(String diff) {
    return diff.substring(diff.indexOf("@@"));
  }

  @Test
  void equalTextsGiveNoDiff() {
    assertEquals("", UnifiedDiff.diff("a", "b", "x\ny\n", "x\ny\n"));
  }

  @Test
  void headersAndTwoHunksWithThreeLinesOfContext() {
    String diff =
        UnifiedDiff.diff(
            "/etc/ha.d/ha.cf",
            "/etc/ha.d/ha.cf (rendered)",
            "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n",
            "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nL\nm\nn\n");
    assertEquals(
        "--- /etc/ha.d/ha.cf\n+++ /etc/ha.d/ha.cf (rendered)\n"
            + "@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
            + "@@ -9,5 +9,6 @@\n i\n j\n k\n-l\n+L\n m\n+n\n",
        diff);
  }

  @Test
  void closeChangesShareOneHunk() {
    String diff =
        UnifiedDiff.diff("o", "n", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\nX\n4\n5\n6\n7\n8\n");
    assertEquals("@@ -1,6 +1,7 @@\n 1\n 2\n 3\n+X\n 4\n 5\n 6\n", body(diff));
    // Six unchanged lines between two changes: the contexts touch, one hunk (as diff -u).
    assertEquals(
        "@@ -1,8 +1,8 @@\n-1\n+X\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+Y\n",
        body(UnifiedDiff.diff("o", "n", "1\n2\n3\n4\n5\n6\n7\n8\n", "X\n2\n3\n4\n5\n6\n7\nY\n")));
    // Seven: two hunks.
    assertEquals(
        "@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+Y\n",
        body(
            UnifiedDiff.diff(
                "o", "n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\n8\nY\n")));
  }

  @Test
  void aNewOrEmptiedFile() {
    assertEquals(
        "@@ -0,0 +1,2 @@\n+x\n+y\n", body(UnifiedDiff.diff("/dev/null", "n", "", "x\ny\n")));
    assertEquals("@@ -1,2 +0,0 @@\n-x\n-y\n", body(UnifiedDiff.diff("o", "n", "x\ny\n", "")));
  }

  @Test
  void aMissingFinalNewlineIsAChangeAndIsMarked() {
    assertEquals(
        "@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n",
        body(UnifiedDiff.diff("o", "n", "x\ny", "x\ny\n")));
  }

  /** Applying the diff to the old text must give the new one, for many random edits. */
  @Test
  void patchingTheOldTextWithTheDiffGivesTheNewText() {
    Random random = new Random(42);
    for (int round = 0; round < 2000; round++) {
      String a = randomText(random);
      String b = random.nextInt(4) == 0 ? a : mutate(random, a);
      String diff = UnifiedDiff.diff("a", "b", a, b);
      assertEquals(b, apply(a, diff), "a=" + a + "\nb=" + b + "\ndiff=\n" + diff);
      if (!a.equals(b)) {
        assertTrue(diff.startsWith("--- a\n+++ b\n@@ -"), diff);
      }
    }
  }

  private static String randomText(Random random) {
    StringBuilder s = new StringBuilder();
    int lines = random.nextInt(25);
    for (int i = 0; i < lines; i++) {
      s.append((char) ('a' + random.nextInt(4))).append('\n');
    }
    if (lines > 0 && random.nextInt(5) == 0) {
      s.setLength(s.length() - 1);
    }
    return s.toString();
  }

  private static String mutate(Random random, String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(lines.size());
      switch (random.nextInt(3)) {
        case 0 -> lines.add(at, String.valueOf((char) ('a' + random.nextInt(5))));
        case 1 -> {
          if (lines.size() > 1) {
            lines.remove(at);
          }
        }
        default -> lines.set(at, lines.get(at) + "z");
      }
    }
    return String.join("\n", lines);
  }

  private static final Pattern HUNK =
      Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  /** A strict patch(1): checks every context and removed line, and the hunk counts. */
  private static String apply(String old, String diff) {
    if (diff.isEmpty()) {
      return old;
    }
    List<String> oldLines = splitKeepingEol(old);
    List<String> out = new ArrayList<>();
    String[] lines = diff.split("\n", -1);
    int next = 0;
    int i = 2;
    while (i < lines.length && !lines[i].isEmpty()) {
      Matcher m = HUNK.matcher(lines[i]);
      assertTrue(m.matches(), lines[i]);
      int oldStart = Integer.parseInt(m.group(1));
      int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
      int from = oldCount == 0 ? oldStart : oldStart - 1;
      while (next < from) {
        out.add(oldLines.get(next++));
      }
      i++;
      int seenOld = 0;
      int seenNew = 0;
      while (i < lines.length && !lines[i].isEmpty() && !lines[i].startsWith("@@")) {
        String line = lines[i];
        boolean noEol = i + 1 < lines.length && lines[i + 1].startsWith("\\ ");
        String text = line.substring(1) + (noEol ? "" : "\n");
        switch (line.charAt(0)) {
          case ' ' -> {
            assertEquals(oldLines.get(next++), text);
            out.add(text);
            seenOld++;
            seenNew++;
          }
          case '-' -> {
            assertEquals(oldLines.get(next++), text);
            seenOld++;
          }
          case '+' -> {
            out.add(text);
            seenNew++;
          }
          default -> throw new AssertionError("bad line " + line);
        }
        i += noEol ? 2 : 1;
      }
      assertEquals(oldCount, seenOld, "old count in " + diff);
      assertEquals(newCount, seenNew, "new count in " + diff);
    }
    while (next < oldLines.size()) {
      out.add(oldLines.get(next++));
    }
    return String.join("", out);
  }

  private static List<String> splitKeepingEol(String text) {
    List<String> result = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        result.add(text.substring(start));
        break;
      }
      result.add(text.substring(start, end + 1));
      start = end + 1;
    }
    return result;
  }
}
