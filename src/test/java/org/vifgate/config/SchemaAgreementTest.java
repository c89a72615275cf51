package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loader and schema/vifgate.schema.json must agree: every example and valid fixture passes
 * both; every invalid fixture the schema can judge fails both; and whatever the schema finds, the
 * loader has reported at the same place or key (so the loader never misses what an editor would
 * flag). Fixtures that are wrong only in meaning (node not in nodes, timings) say so on line 2, and
 * the schema must then accept them, which keeps that label honest.
 */
class SchemaAgreementTest {

  static Stream<Path> fixturesAndExamples() {
    return Stream.concat(Fixtures.all(), Fixtures.EXAMPLES.stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturesAndExamples")
  void loaderAndSchemaAgree(Path file) {
    LoadResult result = ConfigLoader.load(file);
    List<Problem> schema = SchemaCheck.check(result);
    Fixtures.SchemaVerdict verdict =
        Fixtures.EXAMPLES.contains(file) ? Fixtures.SchemaVerdict.ACCEPTS : Fixtures.verdict(file);
    switch (verdict) {
      case ACCEPTS:
        assertEquals(List.of(), schema, "the schema should accept " + file);
        break;
      case REJECTS:
        assertFalse(result.isValid(), "the loader should reject " + file);
        assertFalse(schema.isEmpty(), "the schema should reject " + file);
        break;
      default:
        assertFalse(result.isValid(), "the loader should reject " + file);
        break;
    }
    if (result.isValid()) {
      assertEquals(List.of(), schema, "the loader accepts " + file + " but the schema does not");
    }
    assertEquals(
        List.of(),
        SchemaCheck.notAlreadyReported(schema, result.problems()),
        "schema problems the loader did not report for " + file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturesAndExamples")
  void schemaProblemsAreLocatedAndNameAKey(Path file) {
    for (Problem problem : SchemaCheck.check(ConfigLoader.load(file))) {
      assertTrue(problem.hasPosition(), problem.toString());
      assertTrue(
          problem.message().matches("(\\(top level\\)|[^ ]+): .* \\(schema: [a-zA-Z]+\\)"),
          problem.toString());
    }
  }
}
