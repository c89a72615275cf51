package org.vifgate.netfilter.parse;

import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;

/** TEMPORARY STUB until the parse branch lands. */
public final class SaveParser {
  private SaveParser() {}

  public static Ruleset parse(DumpKind kind, String text) throws DumpParseException {
    throw new DumpParseException("stub");
  }

  public static Ruleset parse(DumpKind kind, Backend knownBackend, String text) throws DumpParseException {
    throw new DumpParseException("stub");
  }
}
