package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WatchLogTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T09:00:00.123Z"));
  private final StringWriter out = new StringWriter();

  private WatchLog log(WatchLog.Format format, boolean prefix) {
    return new WatchLog(new PrintWriter(out), format, prefix, clock);
  }

  @Test
  void textIsOneLineWithLevelEventMessageAndFields() {
    log(WatchLog.Format.TEXT, false)
        .info(
            "applied",
            "applied: ~ bridge filter VIFGATE 3: -A VIFGATE -j RETURN",
            "role",
            "active",
            "ms",
            18,
            "notes",
            List.of("a b", "c"));
    assertEquals(
        "info applied: applied: ~ bridge filter VIFGATE 3: -A VIFGATE -j RETURN role=active ms=18"
            + " notes=\"a b,c\"\n",
        out.toString());
  }

  @Test
  void textFlattensNewlinesSoAnEventIsAlwaysOneLine() {
    log(WatchLog.Format.TEXT, false).error("error", "first\nsecond\r\nthird", "why", "x=\"y\"");
    assertEquals("error error: first; second; third why=\"x=\\\"y\\\"\"\n", out.toString());
  }

  @Test
  void journalPrefixCarriesTheSyslogPriority() {
    WatchLog log = log(WatchLog.Format.TEXT, true);
    log.info("start", "s");
    log.warn("invalid-file", "w");
    log.error("error", "e");
    assertEquals("<6>info start: s\n<4>warn invalid-file: w\n<3>error error: e\n", out.toString());
  }

  @Test
  void jsonIsOneParsableObjectPerLine() {
    WatchLog log = log(WatchLog.Format.JSON, true);
    log.info(
        "role",
        "role active set by \"hb\"\n",
        "by",
        "hb",
        "ms",
        12,
        "ok",
        true,
        "list",
        List.of("x\ty", "\u0001"));
    log.error("error", "boom");
    List<String> lines = out.toString().lines().toList();
    assertEquals(2, lines.size());
    JsonNode first = JsonMapper.shared().readTree(lines.get(0));
    assertEquals("2026-11-26T09:00:00.123Z", first.get("ts").asString());
    assertEquals("info", first.get("level").asString());
    assertEquals("role", first.get("event").asString());
    assertEquals("role active set by \"hb\"\n", first.get("message").asString());
    assertEquals(12, first.get("ms").asInt());
    assertEquals(true, first.get("ok").asBoolean());
    assertEquals("x\ty", first.get("list").get(0).asString());
    assertEquals("\u0001", first.get("list").get(1).asString());
    assertFalse(lines.get(0).startsWith("<"), "no priority prefix in JSON");
  }

  @Test
  void fieldsMustComeInPairs() {
    assertThrows(
        IllegalArgumentException.class,
        () -> log(WatchLog.Format.TEXT, false).info("x", "y", "lonely"));
  }

  @Test
  void journalIsDetectedOnlyWhenTheStreamMatchesStderr() {
    assertFalse(WatchLog.stderrIsJournal(Map.of()));
    assertFalse(WatchLog.stderrIsJournal(Map.of("JOURNAL_STREAM", "garbage")));
    assertFalse(WatchLog.stderrIsJournal(Map.of("JOURNAL_STREAM", "1:1")));
  }
}
