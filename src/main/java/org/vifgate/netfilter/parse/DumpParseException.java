package org.vifgate.netfilter.parse;

/**
 * A dump that cannot be read exactly. The parser never skips what it does not understand: it
 * stops here instead, naming the line (1-based) and its text, so that the operator can see what
 * the tool printed.
 */
public final class DumpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int lineNumber;
  private final String lineText;
  private final String reason;

  public DumpParseException(int lineNumber, String lineText, String reason) {
    super("line " + lineNumber + ": " + reason + ": " + lineText);
    this.lineNumber = lineNumber;
    this.lineText = lineText;
    this.reason = reason;
  }

  /** The 1-based number of the offending line (the first line of a rule that spans several). */
  public int lineNumber() {
    return lineNumber;
  }

  /** The offending line as printed, without its line terminator. */
  public String lineText() {
    return lineText;
  }

  public String reason() {
    return reason;
  }
}
