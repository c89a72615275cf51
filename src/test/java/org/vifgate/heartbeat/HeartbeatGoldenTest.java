package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.HeartbeatSettings.AutoFailback;
import org.vifgate.config.HeartbeatSettings.Mcast;
import org.vifgate.config.HeartbeatSettings.Respawn;
import org.vifgate.config.HeartbeatSettings.Ucast;
import org.vifgate.config.Secret;

/**
 * Golden files: each case below is an input built in Java; golden/heartbeat/CASE/ holds the
 * expected ha.cf, authkeys (as displayed, key redacted) and haresources. A mismatch shows a unified
 * diff. Run with {@code -Dvifgate.updateGolden=true} to rewrite the files after an intended change
 * (then review the git diff).
 */
class HeartbeatGoldenTest {

  private static final String ROOT = "golden/heartbeat";
  private static final Set<String> FILES = Set.of("ha.cf", "authkeys", "haresources");

  /** A rendering input: the settings and the node whose file it is. */
  record Case(HeartbeatTestData.Settings settings, String node, String source) {}

  static Map<String, Supplier<Case>> cases() {
    Map<String, Supplier<Case>> cases = new LinkedHashMap<>();
    cases.put("full", HeartbeatGoldenTest::full);
    cases.put("minimal-crc", HeartbeatGoldenTest::minimal);
    cases.put("seconds-md5", HeartbeatGoldenTest::seconds);
    return cases;
  }

  static Case full() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.debugfile = "/var/log/ha-debug";
    s.logfile = "/var/log/ha-log";
    s.logfacility = "none";
    s.keepalive = Duration.ofMillis(200);
    s.deadtime = Duration.ofSeconds(1);
    s.warntime = Duration.ofMillis(500);
    s.initdead = Duration.ofSeconds(10);
    s.udpport = 694;
    s.baud = 19200;
    s.ucast = List.of(new Ucast("hb0", "203.0.113.2"), new Ucast("hb1", "198.51.100.2"));
    s.bcast = List.of("eth2");
    s.mcast = List.of(new Mcast("eth3", "239.1.2.3", 694, 1, false));
    s.autoFailback = AutoFailback.ON;
    s.ping = List.of("203.0.113.254");
    s.pingGroups.put("uplinks", List.of("203.0.113.253", "203.0.113.254"));
    s.pingGroups.put("gateways", List.of("198.51.100.1"));
    s.respawn = List.of(new Respawn("hacluster", "/usr/libexec/heartbeat/ipfail"));
    s.authMethod = AuthMethod.SHA1;
    s.addresses = List.of("203.0.113.100/24/xenbr0", "IPaddr2::198.51.100.100/24/xenbr1");
    s.script = "vifgate";
    return new Case(s, "alpha", "/etc/vifgate/vifgate.yaml");
  }

  static Case minimal() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.authMethod = AuthMethod.CRC;
    s.keyFile = Optional.empty();
    return new Case(s, "beta", "/srv/config/beta.yaml");
  }

  static Case seconds() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    s.logfile = "/var/log/ha-log";
    s.logfacility = "local0";
    s.keepalive = Duration.ofSeconds(2);
    s.deadtime = Duration.ofSeconds(30);
    s.warntime = Duration.ofSeconds(10);
    s.initdead = Duration.ofMillis(60_500);
    s.udpport = 695;
    s.autoFailback = AutoFailback.OFF;
    s.authMethod = AuthMethod.MD5;
    s.preferredNode = "beta";
    s.addresses = List.of("203.0.113.10");
    return new Case(s, "alpha", "vifgate.yaml");
  }

  static Stream<String> caseNames() {
    return cases().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseNames")
  void rendersTheGoldenFiles(String name) throws IOException {
    Case c = cases().get(name).get();
    RenderedFiles files =
        HeartbeatFiles.render(
            c.settings().state(c.node(), c.source()),
            c.source(),
            new Secret(HeartbeatTestData.KEY));
    List<String> mismatches = new ArrayList<>();
    for (RenderedFile file : files.all()) {
      String actual = file.displayText();
      assertTrue(
          !actual.contains(HeartbeatTestData.KEY), file.fileName() + " display shows the key");
      if (Boolean.getBoolean("vifgate.updateGolden")) {
        Path source = Path.of("src/test/resources", ROOT, name, file.fileName());
        Files.createDirectories(source.getParent());
        Files.writeString(source, actual, StandardCharsets.UTF_8);
        continue;
      }
      Path golden = goldenDir().resolve(name).resolve(file.fileName());
      String expected =
          Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "";
      String diff =
          UnifiedDiff.diff("golden/" + name + "/" + file.fileName(), "rendered", expected, actual);
      if (!diff.isEmpty()) {
        mismatches.add(diff);
      }
    }
    if (!mismatches.isEmpty()) {
      fail("rendered files differ from the golden files:\n" + String.join("\n", mismatches));
    }
  }

  @Test
  void everyGoldenFileBelongsToACaseAndEveryCaseHasAllItsFiles() throws IOException {
    Set<String> dirs = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> entries = Files.list(goldenDir())) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!Files.isDirectory(entry)) {
          problems.add(
              "stray file " + ROOT + "/" + name + " (golden files live in a case directory)");
          continue;
        }
        dirs.add(name);
        if (!cases().containsKey(name)) {
          problems.add(
              "golden directory " + name + " has no case in " + getClass().getSimpleName());
        }
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(entry)) {
          files.forEach(f -> present.add(f.getFileName().toString()));
        }
        for (String file : present) {
          if (!FILES.contains(file)) {
            problems.add("unpaired golden file " + name + "/" + file);
          }
        }
        for (String file : FILES) {
          if (!present.contains(file)) {
            problems.add("case " + name + " has no golden " + file);
          }
        }
      }
    }
    for (String name : cases().keySet()) {
      if (!dirs.contains(name)) {
        problems.add("case " + name + " has no golden directory " + ROOT + "/" + name);
      }
    }
    assertEquals(List.of(), problems);
  }

  /**
   * The golden files in the source tree, not their copy under target/, so that a deleted or renamed
   * golden file is noticed without a clean build. Surefire runs in the project directory.
   */
  private static Path goldenDir() {
    Path dir = Path.of("src/test/resources", ROOT);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(dir.toAbsolutePath() + " does not exist");
    }
    return dir;
  }
}
