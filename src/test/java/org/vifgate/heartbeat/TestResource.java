package org.vifgate.heartbeat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resource Heartbeat starts and stops in a test cluster: a script installed as {@code
 * /etc/ha.d/resource.d/NAME} on both nodes and named in haresources, plus a way for the test to ask
 * whether a node holds it. {@link DummyResource} records its calls; the real vifgate agent can be
 * plugged in with {@link #ofScript}.
 */
public interface TestResource {

  /** The name in haresources and under resource.d. */
  String scriptName();

  /** The script's content, installed with mode 0755. */
  byte[] scriptContent() throws IOException;

  /**
   * Whether the pair's {@link HeartbeatPair.ConfigWriter} installs the script itself (as {@code
   * vifgate render} installs the vifgate agent); then the pair does not.
   */
  default boolean installedByConfigWriter() {
    return false;
  }

  /** Whether {@code node} holds the resource now, as the resource itself sees it. */
  boolean heldBy(HeartbeatNode node) throws IOException;

  /** A resource from a script file, held when Heartbeat's own view says so (cl_status). */
  static TestResource ofScript(String name, Path script) {
    return new TestResource() {
      @Override
      public String scriptName() {
        return name;
      }

      @Override
      public byte[] scriptContent() throws IOException {
        return Files.readAllBytes(script);
      }

      @Override
      public boolean heldBy(HeartbeatNode node) throws IOException {
        return node.holdsResourcesPerHeartbeat();
      }
    };
  }
}
