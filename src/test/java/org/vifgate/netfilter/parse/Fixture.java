package org.vifgate.netfilter.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;

/**
 * One captured dump under src/test/resources/fixtures: NAME.out (what the tool printed) and
 * NAME.cmds (a header saying kind, backend, dump command and exit code, then the commands that
 * built the ruleset). Written by src/test/fixtures-gen/make-fixtures.sh.
 */
record Fixture(String name, DumpKind kind, Backend backend, String dump, int exit, String out) {

  static Path directory() {
    URL url = Fixture.class.getResource("/fixtures");
    if (url == null) {
      throw new IllegalStateException("no fixtures on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> names() {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".out"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Fixture load(String name) {
    try {
      Path dir = directory();
      String out = Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
      List<String> header = Files.readAllLines(dir.resolve(name + ".cmds"), StandardCharsets.UTF_8);
      return new Fixture(
          name,
          DumpKind.fromId(field(header, "kind")),
          Backend.valueOf(field(header, "backend").toUpperCase(java.util.Locale.ROOT)),
          field(header, "dump"),
          Integer.parseInt(field(header, "exit")),
          out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String field(List<String> header, String key) {
    String prefix = "# " + key + ": ";
    return header.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("fixture header lacks " + key));
  }

  boolean isListing() {
    return dump.startsWith("arptables-legacy -L");
  }

  /** Parses the dump the way vifgate reads that tool's output. */
  Ruleset parse() throws DumpParseException {
    return isListing() ? ArptablesListingParser.parse(out) : SaveParser.parse(kind, backend, out);
  }
}
