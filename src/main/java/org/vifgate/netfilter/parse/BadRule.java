package org.vifgate.netfilter.parse;

/**
 * A rule whose words cannot be read; the parser turns it into a {@link DumpParseException} with
 * the line it came from. Carries no stack trace: it is an answer, not a bug.
 */
final class BadRule extends Exception {
  private static final long serialVersionUID = 1L;

  BadRule(String reason) {
    super(reason, null, false, false);
  }
}
