package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code vifgate validate}, run in-process through {@link Main#run}. */
class ValidateCommandTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void bothExamplesAreValid() {
    for (String example : List.of("examples/xen-a.yaml", "examples/xen-b.yaml")) {
      Run run = run("validate", "-c", example);
      assertEquals(ExitCodes.OK, run.code(), run.out() + run.err());
      assertEquals(example + ": valid\n", run.out());
      assertEquals("", run.err());
    }
  }

  @Test
  void printsEveryProblemAndExitsOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "version: 1\n"
            + "node: XEN-A\n"
            + "bakend: nft\n"
            + "dom0: {vifs: [vif0.0]}\n"
            + "bridges: [{name: xenbr0, uplink: vif0.0}]\n");
    Run run = run("validate", "--config", file.toString());
    assertEquals(ExitCodes.ERROR, run.code());
    assertEquals(
        file
            + ":3:1: bakend: unknown key (did you mean 'backend'?)\n"
            + file
            + ":5:34: bridges[0].uplink: interface 'vif0.0' is already used at dom0.vifs[0]"
            + " (4:15); each of dom0.vifs, bridge names and uplinks must be a different interface\n"
            + file
            + ": invalid (2 errors)\n",
        run.out());
  }

  @Test
  void warningsArePrintedButTheFileIsValid() {
    String fixture = "src/test/resources/config/valid/warning-crc.yaml";
    Run run = run("validate", "-c", fixture);
    assertEquals(ExitCodes.OK, run.code());
    List<String> lines = run.out().lines().toList();
    assertEquals(2, lines.size(), run.out());
    assertTrue(
        lines
            .get(0)
            .startsWith(
                fixture + ":18:18: warning: heartbeat.auth.method: crc authenticates nothing"));
    assertEquals(fixture + ": valid (1 warning)", lines.get(1));
  }

  @Test
  void fileLevelProblemsNameTheFile(@TempDir Path dir) {
    Run missing = run("validate", "-c", dir.resolve("nope.yaml").toString());
    assertEquals(ExitCodes.ERROR, missing.code());
    assertEquals(
        dir.resolve("nope.yaml")
            + ": no such file\n"
            + dir.resolve("nope.yaml")
            + ": invalid (1 error)\n",
        missing.out());
    Run directory = run("validate", "-c", dir.toString());
    assertEquals(ExitCodes.ERROR, directory.code());
    assertTrue(directory.out().startsWith(dir + ": is a directory, not a desired-state file\n"));
    assertEquals("", directory.err(), "never a stack trace");
  }

  @Test
  void jsonOutput() {
    Run run =
        run(
            "validate",
            "-c",
            "src/test/resources/config/invalid/duplicate-key.yaml",
            "--output",
            "json");
    assertEquals(ExitCodes.ERROR, run.code());
    JsonNode report = JsonMapper.shared().readTree(run.out());
    assertEquals(
        "src/test/resources/config/invalid/duplicate-key.yaml", report.get("file").asString());
    assertEquals(false, report.get("valid").asBoolean());
    JsonNode problem = report.get("problems").get(0);
    assertEquals(5, problem.get("line").asInt());
    assertEquals(1, problem.get("column").asInt());
    assertEquals("error", problem.get("severity").asString());
    assertEquals(
        "node: duplicate key (first written at 4:1); keep only one",
        problem.get("message").asString());
    assertEquals(1, report.get("problems").size());
  }

  @Test
  void jsonOutputForAValidFileAndAWholeFileProblem(@TempDir Path dir) {
    JsonNode valid =
        JsonMapper.shared()
            .readTree(run("validate", "-c", "examples/xen-a.yaml", "--output=JSON").out());
    assertTrue(valid.get("valid").asBoolean());
    assertEquals(0, valid.get("problems").size());
    JsonNode missing =
        JsonMapper.shared()
            .readTree(
                run("validate", "-c", dir.resolve("x.yaml").toString(), "--output", "json").out());
    assertTrue(missing.get("problems").get(0).get("line").isNull());
  }

  @Test
  void wrongCommandLinesAreUsageErrors() {
    Run noFile = run("validate");
    assertNotEquals(ExitCodes.OK, noFile.code());
    assertNotEquals(ExitCodes.ERROR, noFile.code());
    assertTrue(noFile.err().contains("Missing required option: '--config=FILE'"), noFile.err());
    Run badFormat = run("validate", "-c", "examples/xen-a.yaml", "--output", "xml");
    assertEquals(noFile.code(), badFormat.code());
  }

  @Test
  void helpTeachesWithExamples() {
    Run run = run("help", "validate");
    assertEquals(ExitCodes.OK, run.code());
    assertTrue(run.out().contains("FILE:LINE:COLUMN: message"), run.out());
    assertTrue(run.out().contains("vifgate validate -c /etc/vifgate/vifgate.yaml"), run.out());
    assertTrue(run.out().contains("--output"), run.out());
  }
}
