package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vifgate.config.HeartbeatSettings.AutoFailback;
import org.vifgate.config.HeartbeatSettings.Mcast;
import org.vifgate.config.HeartbeatSettings.Respawn;
import org.vifgate.config.HeartbeatSettings.Ucast;

class HaCfRendererTest {

  /** Every directive vifgate may write; all are in Heartbeat 3.0.6's ha.cf(5). */
  private static final Set<String> KNOWN =
      Set.of(
          "debugfile",
          "logfile",
          "logfacility",
          "keepalive",
          "deadtime",
          "warntime",
          "initdead",
          "udpport",
          "baud",
          "ucast",
          "bcast",
          "mcast",
          "serial",
          "auto_failback",
          "node",
          "ping",
          "ping_group",
          "respawn");

  private static List<String> directives(String haCf) {
    List<String> result = new ArrayList<>();
    for (String line : haCf.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        result.add(line.substring(0, line.indexOf(' ')));
      }
    }
    return result;
  }

  private static String render(HeartbeatTestData.Settings s) {
    return HaCfRenderer.render(s.build(), "test.yaml");
  }

  @Test
  void writesEveryDirectiveInAnOrderHeartbeatAccepts() {
    String haCf = render(HeartbeatGoldenTest.full().settings());
    assertEquals(
        List.of(
            "debugfile",
            "logfile",
            "logfacility",
            "keepalive",
            "deadtime",
            "warntime",
            "initdead",
            "udpport",
            "baud",
            "ucast",
            "ucast",
            "bcast",
            "mcast",
            "auto_failback",
            "node",
            "node",
            "ping",
            "ping_group",
            "ping_group",
            "respawn"),
        directives(haCf));
    assertTrue(KNOWN.containsAll(directives(haCf)));
  }

  @Test
  void udpportAndBaudPrecedeEveryMediumEvenWithOnlyOneMedium() {
    for (String medium : List.of("ucast", "bcast", "mcast")) {
      HeartbeatTestData.Settings s = HeartbeatTestData.pair();
      s.ucast = medium.equals("ucast") ? List.of(new Ucast("hb0", "203.0.113.2")) : List.of();
      s.bcast = medium.equals("bcast") ? List.of("hb0") : List.of();
      s.mcast =
          medium.equals("mcast") ? List.of(new Mcast("hb0", "239.0.0.1", 694, 1, true)) : List.of();
      s.udpport = 700;
      s.baud = 38400;
      List<String> d = directives(render(s));
      assertTrue(d.indexOf("udpport") < d.indexOf(medium), d.toString());
      assertTrue(d.indexOf("baud") < d.indexOf(medium), d.toString());
    }
  }

  @Test
  void mcastLoopIsZeroOrOne() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.mcast = List.of(new Mcast("eth0", "225.0.0.1", 694, 1, true));
    assertTrue(render(s).contains("\nmcast eth0 225.0.0.1 694 1 1\n"));
  }

  @ParameterizedTest
  @CsvSource({"1000,1", "200,200ms", "1500,1500ms", "30000,30", "60500,60500ms", "1,1ms"})
  void durationsAreBareSecondsOrMilliseconds(long millis, String expected) {
    assertEquals(expected, HaCfRenderer.duration("keepalive", Duration.ofMillis(millis)));
  }

  @Test
  void durationsHeartbeatCannotExpressAreRefused() {
    assertThrows(
        HeartbeatConfigException.class,
        () -> HaCfRenderer.duration("deadtime", Duration.ofNanos(1_500_000)));
    assertThrows(
        HeartbeatConfigException.class, () -> HaCfRenderer.duration("deadtime", Duration.ZERO));
    assertThrows(
        HeartbeatConfigException.class,
        () -> HaCfRenderer.duration("deadtime", Duration.ofSeconds(-1)));
  }

  @Test
  void leavesOutWhatTheFileLeavesOut() {
    assertEquals(List.of("ucast", "node", "node"), directives(render(HeartbeatTestData.pair())));
  }

  @Test
  void autoFailbackLegacy() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.autoFailback = AutoFailback.LEGACY;
    assertTrue(render(s).contains("\nauto_failback legacy\n"));
  }

  @Test
  void pingGroupsAreSortedByNameWhateverTheMapOrder() {
    HeartbeatTestData.Settings a = HeartbeatTestData.pair();
    a.pingGroups.put("zeta", List.of("203.0.113.9"));
    a.pingGroups.put("alpha", List.of("203.0.113.8"));
    HeartbeatTestData.Settings b = HeartbeatTestData.pair();
    b.pingGroups.put("alpha", List.of("203.0.113.8"));
    b.pingGroups.put("zeta", List.of("203.0.113.9"));
    assertEquals(render(a), render(b));
    assertTrue(render(a).indexOf("ping_group alpha") < render(a).indexOf("ping_group zeta"));
  }

  @Test
  void nodesKeepTheFileOrder() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.nodes = List.of("zulu", "alpha");
    String haCf = render(s);
    assertTrue(haCf.indexOf("node zulu") < haCf.indexOf("node alpha"));
  }

  @Test
  void headerNamesTheGeneratorAndTheSource() {
    String haCf = HaCfRenderer.render(HeartbeatTestData.pair().build(), "/etc/vifgate/x.yaml");
    assertTrue(
        haCf.startsWith("# ha.cf: generated by vifgate from /etc/vifgate/x.yaml.\n# Do not edit"));
  }

  @Test
  void valuesThatWouldBecomeOtherDirectivesAreRefused() {
    List<Runnable> bad = new ArrayList<>();
    bad.add(() -> withLogfile("/var/log/ha-log\nnode mallory"));
    bad.add(() -> withLogfile("/var/log/ha log"));
    bad.add(() -> withLogfile("/var/log/ha#log"));
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.nodes = List.of("alpha", "beta gamma");
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.respawn = List.of(new Respawn("hacluster", "/bin/true\nnode mallory"));
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.ucast = List.of(new Ucast("hb0 hb1", "203.0.113.2"));
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.ucast = List.of(new Ucast("hb0", "peer.example"));
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.mcast = List.of(new Mcast("eth0", "203.0.113.1", 694, 1, false));
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.mcast = List.of(new Mcast("eth0", "239.0.0.1", 694, 0, false));
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.udpport = 70000;
          render(s);
        });
    bad.add(
        () -> {
          HeartbeatTestData.Settings s = HeartbeatTestData.pair();
          s.pingGroups.put("empty", List.of());
          render(s);
        });
    for (Runnable r : bad) {
      assertThrows(HeartbeatConfigException.class, r::run);
    }
  }

  @Test
  void aFileWithoutMediumOrNodesIsRefused() {
    HeartbeatTestData.Settings noMedium = HeartbeatTestData.pair();
    noMedium.ucast = List.of();
    HeartbeatConfigException e =
        assertThrows(HeartbeatConfigException.class, () -> render(noMedium));
    assertTrue(e.getMessage().contains("no medium"));
    HeartbeatTestData.Settings noNodes = HeartbeatTestData.pair();
    noNodes.nodes = List.of();
    assertThrows(HeartbeatConfigException.class, () -> render(noNodes));
  }

  @Test
  void errorMessagesShowLineBreaksEscaped() {
    HeartbeatConfigException e =
        assertThrows(HeartbeatConfigException.class, () -> withLogfile("a\nb"));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("a\\nb"), e.getMessage());
  }

  /** Both refusals were seen from Heartbeat 3.0.6 itself: "Configuration error, not started". */
  @Test
  void timingsHeartbeatRefusesAreRefused() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.keepalive = Duration.ofSeconds(1);
    s.deadtime = Duration.ofSeconds(2);
    HeartbeatConfigException e = assertThrows(HeartbeatConfigException.class, () -> render(s));
    assertEquals(
        "deadtime 2 must be more than twice keepalive 1: Heartbeat refuses to start otherwise",
        e.getMessage());
    s.deadtime = Duration.ofMillis(2100);
    render(s);
    s.initdead = Duration.ofSeconds(2);
    e = assertThrows(HeartbeatConfigException.class, () -> render(s));
    assertEquals(
        "initdead 2 must be at least deadtime 2100ms: Heartbeat refuses to start otherwise",
        e.getMessage());
    s.initdead = Duration.ofMillis(2100);
    render(s);
    // Warnings only, for Heartbeat: warntime above deadtime.
    s.warntime = Duration.ofSeconds(5);
    render(s);
  }

  private static void withLogfile(String logfile) {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.logfile = logfile;
    render(s);
  }
}
