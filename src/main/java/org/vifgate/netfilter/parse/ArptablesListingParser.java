package org.vifgate.netfilter.parse;

import org.vifgate.netfilter.model.Ruleset;

/** TEMPORARY STUB until the parse branch lands. */
public final class ArptablesListingParser {
  private ArptablesListingParser() {}

  public static Ruleset parse(String text) throws DumpParseException {
    throw new DumpParseException("stub");
  }
}
