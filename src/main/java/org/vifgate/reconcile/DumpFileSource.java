package org.vifgate.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpId;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;
import org.vifgate.netfilter.parse.ArptablesListingParser;
import org.vifgate.netfilter.parse.DumpParseException;
import org.vifgate.netfilter.parse.SaveParser;

/**
 * Saved dumps instead of the kernel, for planning without root (CI). Each file is read as the
 * tool printed it; the backend comes from its header (arptables: a legacy listing starts with
 * "Chain"). Dumps that were not given are taken as empty, and the plan says so.
 */
public final class DumpFileSource implements LiveSource {

  private final Map<DumpId, Ruleset> dumps = new LinkedHashMap<>();

  private DumpFileSource() {}

  public static DumpFileSource load(Map<DumpKind, Path> files) throws LiveReadException {
    DumpFileSource source = new DumpFileSource();
    for (Map.Entry<DumpKind, Path> entry : files.entrySet()) {
      Ruleset ruleset = parse(entry.getKey(), entry.getValue());
      source.dumps.put(new DumpId(entry.getKey().family(), ruleset.backend()), ruleset);
    }
    return source;
  }

  private static Ruleset parse(DumpKind kind, Path file) throws LiveReadException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LiveReadException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      if (kind == DumpKind.ARPTABLES && text.startsWith("Chain ")) {
        return ArptablesListingParser.parse(text);
      }
      if (kind == DumpKind.EBTABLES) {
        return SaveParser.parse(kind, Backend.NFT, text);
      }
      return SaveParser.parse(kind, text);
    } catch (DumpParseException e) {
      throw new LiveReadException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public LiveSnapshot read(Collection<DumpId> wanted, Scope scope) {
    Map<DumpId, Ruleset> read = new LinkedHashMap<>();
    for (DumpId id : wanted) {
      read.put(id, dumps.getOrDefault(id, Ruleset.empty(id.kind(), id.backend())));
    }
    return new LiveSnapshot(read, Map.of());
  }

  @Override
  public boolean isKernel() {
    return false;
  }

  /** The dumps that were given, for the plan's header. */
  public Collection<DumpId> given() {
    return dumps.keySet();
  }
}
