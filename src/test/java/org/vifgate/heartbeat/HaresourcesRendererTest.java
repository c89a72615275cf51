package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifgate.config.HeartbeatSettings.Ucast;
import org.vifgate.config.Secret;

class HaresourcesRendererTest {

  @Test
  void isByteIdenticalWhenRenderedFromEitherNodesFile() {
    HeartbeatTestData.Settings alpha = HeartbeatGoldenTest.full().settings();
    alpha.ucast = List.of(new Ucast("hb0", "203.0.113.2"));
    HeartbeatTestData.Settings beta = HeartbeatGoldenTest.full().settings();
    beta.ucast = List.of(new Ucast("hb0", "203.0.113.1"));
    RenderedFiles a =
        HeartbeatFiles.render(
            alpha.state("alpha", "/etc/vifgate/alpha.yaml"),
            "/etc/vifgate/alpha.yaml",
            new Secret("k1"));
    RenderedFiles b =
        HeartbeatFiles.render(
            beta.state("beta", "/srv/other/beta.yaml"), "/srv/other/beta.yaml", new Secret("k1"));
    assertArrayEquals(a.haresources().revealBytes(), b.haresources().revealBytes());
    // The other files do differ, so the comparison above is not trivially true.
    assertNotEquals(a.haCf(), b.haCf());
    assertFalse(a.haresources().displayText().contains("alpha.yaml"));
  }

  @Test
  void addressesBecomeIpaddrResources() {
    assertEquals(
        "IPaddr::203.0.113.10/24/xenbr0", HaresourcesRenderer.ipResource("203.0.113.10/24/xenbr0"));
    assertEquals("IPaddr::203.0.113.10", HaresourcesRenderer.ipResource("203.0.113.10"));
    assertEquals("IPaddr::203.0.113.10/24", HaresourcesRenderer.ipResource("203.0.113.10/24"));
    assertEquals(
        "IPaddr::203.0.113.10/24/eth0/203.0.113.255",
        HaresourcesRenderer.ipResource("203.0.113.10/24/eth0/203.0.113.255"));
    assertEquals(
        "IPaddr2::203.0.113.10/24/eth0",
        HaresourcesRenderer.ipResource("IPaddr2::203.0.113.10/24/eth0"));
    assertEquals(
        "IPaddr::203.0.113.10/24/eth0",
        HaresourcesRenderer.ipResource("IPaddr::203.0.113.10/24/eth0"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113.300/24",
        "203.0.113.1/33",
        "203.0.113.1/024",
        "2001:db8::1/64",
        "Filesystem::/dev/sda1",
        "203.0.113.1/24/eth 0",
        "203.0.113.1/24/eth0/x/y",
        "host.example/24"
      })
  void malformedAddressesAreRefused(String address) {
    assertThrows(HeartbeatConfigException.class, () -> HaresourcesRenderer.ipResource(address));
  }

  @Test
  void theScriptDefaultsToVifgateAndMustBeABareName() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.addresses = List.of("203.0.113.10/24/xenbr0");
    assertEquals(
        "alpha IPaddr::203.0.113.10/24/xenbr0 vifgate",
        lastLine(HaresourcesRenderer.render(s.build().resources())));
    s.script = "my-agent";
    assertEquals(
        "alpha IPaddr::203.0.113.10/24/xenbr0 my-agent",
        lastLine(HaresourcesRenderer.render(s.build().resources())));
    for (String bad : List.of("/etc/init.d/x", "x::arg", "a b", "")) {
      s.script = bad;
      assertThrows(
          HeartbeatConfigException.class, () -> HaresourcesRenderer.render(s.build().resources()));
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\n");
    return lines[lines.length - 1];
  }
}
