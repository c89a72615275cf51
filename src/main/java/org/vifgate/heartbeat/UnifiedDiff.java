package org.vifgate.heartbeat;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code ---}/{@code +++} headers, {@code @@} hunks with three lines of context)
 * between two texts, as {@code diff -u} prints it, for {@code --dry-run}. The files are small, so a
 * plain longest-common-subsequence table on lines is enough; past a size where that table would be
 * large, the diff is still correct but no longer minimal (all old lines out, all new in).
 *
 * <p>Callers diff what may be shown: for authkeys, the redacted texts.
 */
public final class UnifiedDiff {

  private static final int CONTEXT = 3;
  private static final long MAX_TABLE = 4_000_000L;
  private static final String NO_NEWLINE = "\\ No newline at end of file";

  private enum Op {
    EQUAL,
    DELETE,
    INSERT
  }

  /** One line of the edit script, with its line index in the old and/or new text. */
  private record Edit(Op op, int oldIndex, int newIndex) {}

  private UnifiedDiff() {}

  /**
   * @param oldLabel the {@code ---} header (for a file that does not exist yet, {@code /dev/null})
   * @param newLabel the {@code +++} header
   * @param oldText the current text ("" for a missing file)
   * @param newText the wanted text
   * @return the diff, or "" when the texts are equal
   */
  public static String diff(String oldLabel, String newLabel, String oldText, String newText) {
    if (oldText.equals(newText)) {
      return "";
    }
    Lines a = Lines.of(oldText);
    Lines b = Lines.of(newText);
    List<Edit> edits = editScript(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldLabel).append('\n');
    out.append("+++ ").append(newLabel).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op() == Op.EQUAL) {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // Extend the hunk while the next change is close enough for the contexts to touch.
      while (true) {
        while (end < edits.size() && edits.get(end).op() != Op.EQUAL) {
          end++;
        }
        int nextChange = end;
        while (nextChange < edits.size() && edits.get(nextChange).op() == Op.EQUAL) {
          nextChange++;
        }
        if (nextChange < edits.size() && nextChange - end <= 2 * CONTEXT) {
          end = nextChange;
        } else {
          end = Math.min(edits.size(), end + CONTEXT);
          break;
        }
      }
      appendHunk(out, edits.subList(start, end), a, b);
      i = end;
    }
    return out.toString();
  }

  private static void appendHunk(StringBuilder out, List<Edit> hunk, Lines a, Lines b) {
    int oldStart = -1;
    int newStart = -1;
    int oldCount = 0;
    int newCount = 0;
    for (Edit e : hunk) {
      if (e.op() != Op.INSERT) {
        oldCount++;
        if (oldStart < 0) {
          oldStart = e.oldIndex();
        }
      }
      if (e.op() != Op.DELETE) {
        newCount++;
        if (newStart < 0) {
          newStart = e.newIndex();
        }
      }
    }
    // An empty side is positioned after the line it follows (diff -u's convention).
    if (oldStart < 0) {
      oldStart = hunk.get(0).oldIndex();
    }
    if (newStart < 0) {
      newStart = hunk.get(0).newIndex();
    }
    out.append("@@ -")
        .append(range(oldStart, oldCount))
        .append(" +")
        .append(range(newStart, newCount))
        .append(" @@\n");
    for (Edit e : hunk) {
      switch (e.op()) {
        case EQUAL -> appendLine(out, ' ', b, e.newIndex());
        case DELETE -> appendLine(out, '-', a, e.oldIndex());
        case INSERT -> appendLine(out, '+', b, e.newIndex());
      }
    }
  }

  private static void appendLine(StringBuilder out, char prefix, Lines lines, int index) {
    out.append(prefix).append(lines.text.get(index)).append('\n');
    if (index == lines.text.size() - 1 && !lines.endsWithNewline) {
      out.append(NO_NEWLINE).append('\n');
    }
  }

  private static String range(int start, int count) {
    if (count == 0) {
      return start + ",0";
    }
    if (count == 1) {
      return Integer.toString(start + 1);
    }
    return (start + 1) + "," + count;
  }

  private static List<Edit> editScript(Lines a, Lines b) {
    int n = a.keys.size();
    int m = b.keys.size();
    int prefix = 0;
    while (prefix < n && prefix < m && a.keys.get(prefix).equals(b.keys.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < n - prefix
        && suffix < m - prefix
        && a.keys.get(n - 1 - suffix).equals(b.keys.get(m - 1 - suffix))) {
      suffix++;
    }
    List<Edit> edits = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      edits.add(new Edit(Op.EQUAL, k, k));
    }
    int n2 = n - prefix - suffix;
    int m2 = m - prefix - suffix;
    if ((long) (n2 + 1) * (m2 + 1) > MAX_TABLE) {
      for (int k = 0; k < n2; k++) {
        edits.add(new Edit(Op.DELETE, prefix + k, prefix));
      }
      for (int k = 0; k < m2; k++) {
        edits.add(new Edit(Op.INSERT, prefix + n2, prefix + k));
      }
    } else {
      // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..] (middle part).
      int[][] lcs = new int[n2 + 1][m2 + 1];
      for (int i = n2 - 1; i >= 0; i--) {
        for (int j = m2 - 1; j >= 0; j--) {
          lcs[i][j] =
              a.keys.get(prefix + i).equals(b.keys.get(prefix + j))
                  ? lcs[i + 1][j + 1] + 1
                  : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < n2 || j < m2) {
        if (i < n2 && j < m2 && a.keys.get(prefix + i).equals(b.keys.get(prefix + j))) {
          edits.add(new Edit(Op.EQUAL, prefix + i, prefix + j));
          i++;
          j++;
        } else if (j >= m2 || (i < n2 && lcs[i + 1][j] >= lcs[i][j + 1])) {
          edits.add(new Edit(Op.DELETE, prefix + i, prefix + j));
          i++;
        } else {
          edits.add(new Edit(Op.INSERT, prefix + i, prefix + j));
          j++;
        }
      }
    }
    for (int k = suffix; k > 0; k--) {
      edits.add(new Edit(Op.EQUAL, n - k, m - k));
    }
    return edits;
  }

  /**
   * A text split into lines. The comparison keys mark a last line without a newline, so that "x"
   * and "x\n" differ, as they do for diff.
   */
  private static final class Lines {
    final List<String> text = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    boolean endsWithNewline = true;

    static Lines of(String s) {
      Lines lines = new Lines();
      int start = 0;
      while (start < s.length()) {
        int end = s.indexOf('\n', start);
        if (end < 0) {
          lines.text.add(s.substring(start));
          lines.endsWithNewline = false;
          break;
        }
        lines.text.add(s.substring(start, end));
        start = end + 1;
      }
      lines.keys.addAll(lines.text);
      if (!lines.endsWithNewline) {
        int last = lines.keys.size() - 1;
        lines.keys.set(last, lines.keys.get(last) + "\n<no newline>");
      }
      return lines;
    }
  }
}
