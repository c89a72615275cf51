package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;

/**
 * The harness refuses to start Heartbeat when a node's isolation cannot be proven: the node script
 * aborts before its first mount, and the harness's own check from outside aborts even when the
 * script was fooled. Heartbeat never runs here (the harness never says go).
 */
class HeartbeatNodeSafetyIT {

  private final ProcessRunner runner = new ProcessRunner();
  private String ip;
  private String netns;
  private Path dir;
  private HeartbeatNode node;

  @BeforeEach
  void setUp() throws IOException {
    Tools tools = Tools.system();
    ip = tools.require("ip");
    netns = "vghb-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)) + "-safety";
    check(runner.run(Command.of(ip, "netns", "add", netns)));
    dir = Files.createTempDirectory("vghb-safety-");
    node =
        new HeartbeatNode(
            "safety",
            true,
            netns,
            dir,
            runner,
            new HeartbeatNode.Programs(ip, tools.require("unshare"), tools.require("nsenter")));
    node.prepare();
    node.installResource(new DummyResource("hbtest"));
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      node.stop();
    } finally {
      try {
        check(runner.run(Command.of(ip, "netns", "delete", netns)));
      } finally {
        TempTree.delete(dir);
      }
    }
  }

  @Test
  void theScriptAbortsBeforeMountingWhenItSharesANamespaceWithTheHost() throws IOException {
    node.unshareFlags(List.of("--pid", "--fork", "--mount-proc", "--mount", "--uts"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> node.launch(Namespaces.ofThisProcess()));
    assertTrue(e.getMessage().contains("ABORT"), e.getMessage());
    assertTrue(e.getMessage().contains("ipc namespace is the host's"), e.getMessage());
    assertHeartbeatNeverRan();
  }

  @Test
  void theScriptAbortsWhenItIsNotPid1OfANewPidNamespace() {
    node.unshareFlags(List.of("--mount", "--uts", "--ipc"));
    Exception e = assertThrows(Exception.class, () -> node.launch(Namespaces.ofThisProcess()));
    assertTrue(e.getMessage().contains("not PID 1"), e.getMessage());
    assertHeartbeatNeverRan();
  }

  @Test
  void theHarnessAbortsOnItsOwnCheckEvenWhenTheScriptWasFooled() throws IOException {
    node.unshareFlags(List.of("--pid", "--fork", "--mount-proc", "--mount", "--uts"));
    Namespaces real = Namespaces.ofThisProcess();
    Map<String, String> lie = new HashMap<>(real.ids());
    lie.put("ipc", "ipc:[1]");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> node.launch(new Namespaces(lie), real));
    assertTrue(e.getMessage().contains("ABORT"), e.getMessage());
    assertTrue(e.getMessage().contains("shares the host's [ipc]"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("aborted")), "the script itself should have been fooled");
    assertHeartbeatNeverRan();
  }

  private void assertHeartbeatNeverRan() {
    assertFalse(Files.exists(dir.resolve("go")));
    assertFalse(Files.exists(dir.resolve("heartbeat.nspid")));
    assertFalse(Files.exists(dir.resolve("log/ha-log")));
  }

  private static void check(CommandResult result) throws IOException {
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
  }
}
