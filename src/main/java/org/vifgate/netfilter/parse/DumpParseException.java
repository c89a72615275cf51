package org.vifgate.netfilter.parse;

/** TEMPORARY STUB until the parse branch lands. */
public class DumpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public DumpParseException(String message) {
    super(message);
  }
}
