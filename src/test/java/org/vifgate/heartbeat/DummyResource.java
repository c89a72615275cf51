package org.vifgate.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The test resource script (dummy-resource.sh): it keeps its state in the node's private {@code
 * /run/hbtest} and logs each call with a wall-clock timestamp, so a test can tell exactly when a
 * node started it.
 */
public final class DummyResource implements TestResource {

  /** One call Heartbeat made: when, and with which arguments. */
  public record Call(Instant at, String args) {}

  private final String name;

  public DummyResource(String name) {
    this.name = name;
  }

  @Override
  public String scriptName() {
    return name;
  }

  @Override
  public byte[] scriptContent() throws IOException {
    try (InputStream in = DummyResource.class.getResourceAsStream("dummy-resource.sh")) {
      if (in == null) {
        throw new IOException("dummy-resource.sh is not on the test classpath");
      }
      return in.readAllBytes();
    }
  }

  @Override
  public boolean heldBy(HeartbeatNode node) throws IOException {
    Path state = node.hostPath("/run/hbtest/state");
    return Files.exists(state) && Files.readString(state).strip().equals("running");
  }

  public List<Call> calls(HeartbeatNode node) throws IOException {
    Path file = node.hostPath("/run/hbtest/calls");
    List<Call> calls = new ArrayList<>();
    if (!Files.exists(file)) {
      return calls;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      long nanos = Long.parseLong(line.substring(0, space));
      calls.add(
          new Call(
              Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L),
              line.substring(space + 1).strip()));
    }
    return calls;
  }

  /** When {@code node} last ran {@code start}. */
  public Optional<Instant> lastStart(HeartbeatNode node) throws IOException {
    Optional<Instant> last = Optional.empty();
    for (Call call : calls(node)) {
      if (call.args().equals("start")) {
        last = Optional.of(call.at());
      }
    }
    return last;
  }
}
