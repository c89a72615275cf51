package org.vifgate.watch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A JSON watch log written to memory, read back as parsed objects. */
final class LogCapture {

  private final StringWriter buffer = new StringWriter();
  final WatchLog log;

  LogCapture(Clock clock) {
    this.log = new WatchLog(new PrintWriter(buffer), WatchLog.Format.JSON, false, clock);
  }

  List<JsonNode> lines() {
    return buffer.toString().lines().map(line -> JsonMapper.shared().readTree(line)).toList();
  }

  List<JsonNode> events(String event) {
    return lines().stream().filter(n -> n.get("event").asString().equals(event)).toList();
  }

  List<String> eventNames() {
    return lines().stream().map(n -> n.get("event").asString()).toList();
  }

  @Override
  public String toString() {
    return buffer.toString();
  }
}
