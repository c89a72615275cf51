package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: help that teaches, the version, usage errors. */
class MainTest {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @org.junit.jupiter.api.Test
  void helpListsEveryCommandAndExamples() {
    String[] help = run("--help");
    assertEquals("0", help[0]);
    for (String command : List.of("validate", "reconcile", "inspect", "render", "role", "status", "watch", "doctor", "demo")) {
      assertTrue(help[1].contains("\n  " + command + " "), command + " missing from:\n" + help[1]);
    }
    assertTrue(help[1].contains("Examples:"), help[1]);
    assertTrue(!help[1].contains("cds-training"), "the training command stays hidden");
  }

  @org.junit.jupiter.api.Test
  void versionNamesTheProgram() {
    String[] version = run("--version");
    assertEquals("0", version[0]);
    assertTrue(version[1].startsWith("vifgate "), version[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "reconcile", "inspect", "render", "role", "status", "watch", "doctor", "demo"})
  void everyCommandHasHelpWithExamples(String command) {
    String[] help = run("help", command);
    assertEquals("0", help[0], help[2]);
    assertTrue(help[1].startsWith("Usage: vifgate " + command), help[1]);
    assertTrue(help[1].contains("Examples:") || help[1].contains("Example:"), command + ":\n" + help[1]);
  }

  @org.junit.jupiter.api.Test
  void unknownCommandIsAUsageErrorWithASuggestion() {
    String[] wrong = run("reconcil");
    assertEquals(Integer.toString(ExitCodes.USAGE), wrong[0]);
    assertTrue(wrong[2].contains("reconcile"), wrong[2]);
  }
}
