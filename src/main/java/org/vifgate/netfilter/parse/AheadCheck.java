package org.vifgate.netfilter.parse;

import java.util.Arrays;

/**
 * Checks the second half of a large iptables dump on a second thread while {@link SaveParser}
 * reads the first, so that a 100,000-rule dump costs about half the time on two cores.
 *
 * <p>It starts at a line that begins with {@code -A } somewhere after the middle and checks rule
 * after rule exactly as {@link SaveParser} checks a plain rule ({@link IptablesRuleCheck}, its own
 * instance over the same bytes), recording where each one starts, where its chain name ends, where
 * it ends and how many line breaks its quotes hold. It knows nothing of tables and chains and
 * reports nothing: at the first line that is not a plain rule it accepts (a table's end, counters,
 * a rule the check refuses, a carriage return), it stops, and the parser goes on from there itself,
 * finding any fault and naming it exactly as it always did.
 *
 * <p>The parser uses the results only if its own reading lands exactly on the line this started
 * at. When it does not (a quoted line break in a rule spanning that line, say) it cancels this and
 * reads everything itself: speculation costs a second core, never a different result.
 */
final class AheadCheck implements Runnable {

  /** The rules checked, in order; only the first {@link #count} entries of each array are set. */
  record Checked(int count, int[] starts, int[] nameEnds, int[] ends, int[] breaks) {
    static final Checked NONE = new Checked(0, new int[0], new int[0], new int[0], new int[0]);
  }

  private final byte[] src;
  private final int length;
  private final int from;
  private final Thread thread;
  private volatile boolean cancelled;
  private Checked checked = Checked.NONE;

  private AheadCheck(byte[] src, int length, int from) {
    this.src = src;
    this.length = length;
    this.from = from;
    this.thread = new Thread(this, "parse-ahead");
    thread.setDaemon(true);
  }

  /** Starts checking at {@code from}, which must be the start of a line that begins with "-A ". */
  static AheadCheck start(byte[] src, int length, int from) {
    AheadCheck ahead = new AheadCheck(src, length, from);
    ahead.thread.start();
    return ahead;
  }

  /**
   * Where a helper should start in a dump of {@code length} bytes: the first line at or after the
   * middle that begins with "-A "; -1 when there is none.
   */
  static int splitPoint(byte[] src, int length) {
    for (int i = Math.max(1, length / 2); i + 3 <= length; i++) {
      if (src[i - 1] == '\n' && src[i] == '-' && src[i + 1] == 'A' && src[i + 2] == ' ') {
        return i;
      }
    }
    return -1;
  }

  int from() {
    return from;
  }

  /** The rules checked, once the check has stopped; none if waiting is interrupted. */
  Checked await() {
    try {
      thread.join();
      return checked;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      return Checked.NONE;
    }
  }

  void cancel() {
    cancelled = true;
  }

  @Override
  public void run() {
    IptablesRuleCheck check = new IptablesRuleCheck(src, length);
    int capacity = 1024;
    int[] starts = new int[capacity];
    int[] nameEnds = new int[capacity];
    int[] ends = new int[capacity];
    int[] breaks = new int[capacity];
    int count = 0;
    int p = from;
    // The accepted path of SaveParser.readRule for a rule without counters, and nothing else.
    while (!cancelled && p + 3 <= length && src[p] == '-' && src[p + 1] == 'A' && src[p + 2] == ' ') {
      int nameEnd = p + 3;
      while (nameEnd < length && src[nameEnd] != ' ' && src[nameEnd] != '\n' && src[nameEnd] != '\t') {
        nameEnd++;
      }
      int end = check.check(nameEnd);
      if (end < 0 || (end > p && src[end - 1] == '\r')) {
        break;
      }
      if (count == capacity) {
        capacity *= 2;
        starts = Arrays.copyOf(starts, capacity);
        nameEnds = Arrays.copyOf(nameEnds, capacity);
        ends = Arrays.copyOf(ends, capacity);
        breaks = Arrays.copyOf(breaks, capacity);
      }
      starts[count] = p;
      nameEnds[count] = nameEnd;
      ends[count] = end;
      breaks[count] = check.breaks();
      count++;
      p = end + 1;
    }
    checked = new Checked(count, starts, nameEnds, ends, breaks);
  }
}
