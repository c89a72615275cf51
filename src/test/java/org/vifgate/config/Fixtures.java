package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The golden fixtures under src/test/resources/config: each {@code NAME.yaml} has a {@code
 * NAME.expected} listing exactly the problems the loader reports ({@code LINE:COLUMN: message}, one
 * per line), and its second line says what the JSON schema makes of it.
 */
final class Fixtures {
  static final Path ROOT = Path.of("src/test/resources/config");
  static final Path VALID = ROOT.resolve("valid");
  static final Path INVALID = ROOT.resolve("invalid");
  static final List<Path> EXAMPLES =
      List.of(Path.of("examples/xen-a.yaml"), Path.of("examples/xen-b.yaml"));

  /** What the JSON schema can see of a fixture. */
  enum SchemaVerdict {
    /** The schema accepts it: valid, or wrong only in a way a schema cannot express. */
    ACCEPTS,
    /** The schema rejects it too. */
    REJECTS,
    /** A YAML-level problem (tags, anchors, duplicates, syntax) that never reaches the schema. */
    NOT_APPLICABLE
  }

  private Fixtures() {}

  static Stream<Path> all() {
    return Stream.concat(yamlFiles(VALID), yamlFiles(INVALID));
  }

  static Stream<Path> yamlFiles(Path dir) {
    return list(dir).stream().filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  static List<Path> list(Path dir) {
    assertTrue(Files.isDirectory(dir), dir + " is missing; run the tests from the project root");
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path golden(Path fixture) {
    return fixture.resolveSibling(
        fixture.getFileName().toString().replaceAll("\\.yaml$", ".expected"));
  }

  static SchemaVerdict verdict(Path fixture) {
    String line = read(fixture).lines().skip(1).findFirst().orElse("");
    switch (line.trim()) {
      case "# schema: accepts":
        return SchemaVerdict.ACCEPTS;
      case "# schema: rejects":
        return SchemaVerdict.REJECTS;
      case "# schema: n/a":
        return SchemaVerdict.NOT_APPLICABLE;
      default:
        throw new AssertionError(fixture + ": line 2 must be '# schema: accepts|rejects|n/a'");
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The problems as the golden files write them: without the file name. */
  static String formatWithoutFile(List<Problem> problems) {
    return problems.stream()
        .map(p -> p.format().substring(p.file().length() + 1))
        .map(line -> line + "\n")
        .collect(Collectors.joining());
  }
}
