package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per fixture: the loader reports exactly the problems in the fixture's golden file, at
 * exactly those lines and columns. The invalid fixtures cover each meaning check and each
 * YAML-level refusal; the valid ones cover every key and the warnings.
 */
class ConfigFixturesTest {

  static Stream<Path> valid() {
    return Fixtures.yamlFiles(Fixtures.VALID);
  }

  static Stream<Path> invalid() {
    return Fixtures.yamlFiles(Fixtures.INVALID);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"valid", "invalid"})
  void reportsExactlyTheGoldenProblems(Path fixture) {
    LoadResult result = ConfigLoader.load(fixture);
    assertEquals(
        Fixtures.read(Fixtures.golden(fixture)),
        Fixtures.formatWithoutFile(result.problems()),
        "problems of " + fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validFixturesLoadWithOnlyWarnings(Path fixture) {
    LoadResult result = ConfigLoader.load(fixture);
    assertTrue(result.isValid(), () -> result.problems().toString());
    assertTrue(result.errors().isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidFixturesHaveErrorsAndNoState(Path fixture) {
    LoadResult result = ConfigLoader.load(fixture);
    assertFalse(result.isValid());
    assertTrue(result.state().isEmpty());
    assertFalse(result.errors().isEmpty());
  }

  /** Like google-java-format's golden tests: an unpaired file is an error, not a silent skip. */
  @Test
  void everyFixtureHasAGoldenFileAndEveryGoldenFileAFixture() {
    List<String> unpaired = new ArrayList<>();
    for (Path dir : List.of(Fixtures.VALID, Fixtures.INVALID)) {
      for (Path file : Fixtures.list(dir)) {
        String name = file.getFileName().toString();
        if (name.endsWith(".yaml")) {
          if (!Files.exists(Fixtures.golden(file))) {
            unpaired.add(file.toString());
          }
        } else if (name.endsWith(".expected")) {
          if (!Files.exists(file.resolveSibling(name.replaceAll("\\.expected$", ".yaml")))) {
            unpaired.add(file.toString());
          }
        } else {
          unpaired.add(file + " (neither .yaml nor .expected)");
        }
      }
    }
    assertEquals(List.of(), unpaired);
  }

  @Test
  void invalidGoldenFilesAreNotEmptyAndValidOnesHoldOnlyWarnings() {
    invalid()
        .forEach(
            f ->
                assertFalse(
                    Fixtures.read(Fixtures.golden(f)).isEmpty(), f + " expects no problem"));
    valid()
        .forEach(
            f ->
                Fixtures.read(Fixtures.golden(f))
                    .lines()
                    .forEach(
                        line ->
                            assertTrue(line.matches("\\d+:\\d+: warning: .*"), f + ": " + line)));
  }
}
