package org.vifgate.heartbeat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vifgate.config.HeartbeatSettings;

/**
 * Renders ha.cf. Heartbeat reads it line by line and applies each directive as it comes, so the
 * order is fixed: logging first (it takes effect when read), then timing, then {@code udpport} and
 * {@code baud} (they must precede the media lines, which open their ports when read), the media,
 * {@code auto_failback}, the nodes, the ping nodes and the respawned programs. Directives the
 * settings leave out (null) are left out, so Heartbeat's defaults apply. Only directives Heartbeat
 * 3.0.6 knows are ever written: it refuses to start on an unknown one.
 */
final class HaCfRenderer {

  private HaCfRenderer() {}

  static String render(HeartbeatSettings s, String sourceDescription) {
    checkTimings(s);
    List<List<String>> sections = new ArrayList<>();
    sections.add(GeneratedHeader.lines("ha.cf", sourceDescription));

    List<String> logging = new ArrayList<>();
    optional(logging, "debugfile", s.debugfile());
    optional(logging, "logfile", s.logfile());
    optional(logging, "logfacility", s.logfacility());
    sections.add(logging);

    List<String> timing = new ArrayList<>();
    optionalDuration(timing, "keepalive", s.keepalive());
    optionalDuration(timing, "deadtime", s.deadtime());
    optionalDuration(timing, "warntime", s.warntime());
    optionalDuration(timing, "initdead", s.initdead());
    sections.add(timing);

    List<String> ports = new ArrayList<>();
    if (s.udpport() != null) {
      ports.add("udpport " + inRange("udpport", s.udpport(), 1, 65535));
    }
    if (s.baud() != null) {
      ports.add("baud " + inRange("baud", s.baud(), 1, Integer.MAX_VALUE));
    }
    sections.add(ports);

    List<String> media = new ArrayList<>();
    for (HeartbeatSettings.Ucast u : s.ucast()) {
      media.add(
          "ucast "
              + Syntax.iface("ucast interface", u.iface())
              + " "
              + Syntax.ipv4("ucast peer address", u.address()));
    }
    for (String dev : s.bcast()) {
      media.add("bcast " + Syntax.iface("bcast interface", dev));
    }
    for (HeartbeatSettings.Mcast m : s.mcast()) {
      media.add(mcast(m));
    }
    if (media.isEmpty()) {
      throw new HeartbeatConfigException(
          "heartbeat: no medium (ucast, bcast or mcast): the nodes could not hear each other");
    }
    sections.add(media);

    if (s.autoFailback() != null) {
      sections.add(List.of("auto_failback " + s.autoFailback().id()));
    }

    if (s.nodes().isEmpty()) {
      throw new HeartbeatConfigException("heartbeat.nodes is empty");
    }
    List<String> nodes = new ArrayList<>();
    for (String node : s.nodes()) {
      nodes.add("node " + Syntax.node("heartbeat node", node));
    }
    sections.add(nodes);

    List<String> pings = new ArrayList<>();
    for (String address : s.ping()) {
      pings.add("ping " + Syntax.token("ping address", address));
    }
    // Sorted so that the file does not change when the YAML map's order does.
    for (Map.Entry<String, List<String>> group : new TreeMap<>(s.pingGroups()).entrySet()) {
      String name = Syntax.token("ping_group name", group.getKey());
      if (group.getValue().isEmpty()) {
        throw new HeartbeatConfigException("ping_group " + name + " has no address");
      }
      StringBuilder line = new StringBuilder("ping_group ").append(name);
      for (String address : group.getValue()) {
        line.append(' ').append(Syntax.token("ping_group " + name + " address", address));
      }
      pings.add(line.toString());
    }
    sections.add(pings);

    List<String> respawn = new ArrayList<>();
    for (HeartbeatSettings.Respawn r : s.respawn()) {
      respawn.add(
          "respawn "
              + Syntax.token("respawn user", r.user())
              + " "
              + Syntax.line("respawn command", r.command()));
    }
    sections.add(respawn);

    return GeneratedHeader.join(sections);
  }

  /**
   * The timing rules Heartbeat 3.0.6 enforces at start-up ("Configuration error, heartbeat not
   * started"), checked here when both values are in the file: deadtime more than twice keepalive,
   * initdead at least deadtime. (warntime above deadtime, or initdead under 10 s, only draw
   * warnings.)
   */
  private static void checkTimings(HeartbeatSettings s) {
    if (s.keepalive() != null
        && s.deadtime() != null
        && s.deadtime().compareTo(s.keepalive().multipliedBy(2)) <= 0) {
      throw new HeartbeatConfigException(
          "deadtime "
              + duration("deadtime", s.deadtime())
              + " must be more than twice keepalive "
              + duration("keepalive", s.keepalive())
              + ": Heartbeat refuses to start otherwise");
    }
    if (s.deadtime() != null && s.initdead() != null && s.initdead().compareTo(s.deadtime()) < 0) {
      throw new HeartbeatConfigException(
          "initdead "
              + duration("initdead", s.initdead())
              + " must be at least deadtime "
              + duration("deadtime", s.deadtime())
              + ": Heartbeat refuses to start otherwise");
    }
  }

  /**
   * Heartbeat reads a bare number as seconds and {@code Nms} as milliseconds; nothing finer. Whole
   * seconds are written bare because that is how every guide and the example file write them, which
   * keeps diffs against hand-written files small.
   */
  static String duration(String directive, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new HeartbeatConfigException(directive + " must be positive, got " + d);
    }
    if (d.getNano() % 1_000_000 != 0) {
      throw new HeartbeatConfigException(
          directive + " " + d + " is finer than a millisecond, which Heartbeat cannot express");
    }
    if (d.getNano() == 0) {
      return Long.toString(d.getSeconds());
    }
    return d.toMillis() + "ms";
  }

  private static String mcast(HeartbeatSettings.Mcast m) {
    String group = Syntax.ipv4("mcast group", m.group());
    int first = Integer.parseInt(group.substring(0, group.indexOf('.')));
    if (first < 224 || first > 239) {
      throw new HeartbeatConfigException(
          "mcast group " + group + " is not a multicast address (224.0.0.0 - 239.255.255.255)");
    }
    return "mcast "
        + Syntax.iface("mcast interface", m.iface())
        + " "
        + group
        + " "
        + inRange("mcast port", m.port(), 1, 65535)
        + " "
        + inRange("mcast ttl", m.ttl(), 1, 255)
        + " "
        + (m.loop() ? "1" : "0");
  }

  private static void optional(List<String> lines, String directive, String value) {
    if (value != null) {
      lines.add(directive + " " + Syntax.token(directive, value));
    }
  }

  private static void optionalDuration(List<String> lines, String directive, Duration value) {
    if (value != null) {
      lines.add(directive + " " + duration(directive, value));
    }
  }

  private static int inRange(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new HeartbeatConfigException(
          what + " " + value + " is out of range (" + min + ".." + max + ")");
    }
    return value;
  }
}
