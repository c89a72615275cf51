package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void formatsLikeACompiler() {
    assertEquals(
        "a.yaml:3:5: heartbeat.deadtime: must be greater than 2 * keepalive (1s)",
        Problem.error("a.yaml", 3, 5, "heartbeat.deadtime: must be greater than 2 * keepalive (1s)")
            .format());
    assertEquals(
        "a.yaml:7:1: warning: heartbeat.auth.method: crc authenticates nothing",
        Problem.warning("a.yaml", 7, 1, "heartbeat.auth.method: crc authenticates nothing")
            .toString());
    assertEquals("a.yaml: no such file", Problem.fileError("a.yaml", "no such file").format());
  }

  @Test
  void sortsByPositionWholeFileFirstErrorsBeforeWarnings() {
    List<Problem> problems =
        new ArrayList<>(
            List.of(
                Problem.warning("f", 2, 1, "w"),
                Problem.error("f", 10, 1, "late"),
                Problem.error("f", 2, 1, "e"),
                Problem.error("f", 1, 9, "early"),
                Problem.fileError("f", "whole")));
    problems.sort(null);
    assertEquals(
        List.of("f: whole", "f:1:9: early", "f:2:1: e", "f:2:1: warning: w", "f:10:1: late"),
        problems.stream().map(Problem::format).toList());
  }

  @Test
  void refusesHalfAPosition() {
    assertThrows(IllegalArgumentException.class, () -> Problem.error("f", 1, 0, "x"));
    assertThrows(IllegalArgumentException.class, () -> Problem.error("f", -1, -1, "x"));
  }
}
