package org.vifgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code heartbeat:} section: everything needed to render ha.cf, authkeys and haresources.
 * Optional scalars are null when the file leaves them out (Heartbeat's default applies).
 */
public record HeartbeatSettings(
    List<String> nodes,
    Duration keepalive,
    Duration deadtime,
    Duration warntime,
    Duration initdead,
    Integer udpport,
    Integer baud,
    List<Ucast> ucast,
    List<String> bcast,
    List<Mcast> mcast,
    AutoFailback autoFailback,
    Map<String, List<String>> pingGroups,
    List<String> ping,
    List<Respawn> respawn,
    String logfile,
    String debugfile,
    String logfacility,
    Auth auth,
    Resources resources) {

  public HeartbeatSettings {
    nodes = List.copyOf(nodes);
    ucast = List.copyOf(ucast);
    bcast = List.copyOf(bcast);
    mcast = List.copyOf(mcast);
    pingGroups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pingGroups));
    ping = List.copyOf(ping);
    respawn = List.copyOf(respawn);
  }

  /** {@code ucast DEV PEER}: unicast heartbeats to one peer address over one interface. */
  public record Ucast(String iface, String address) {}

  /** {@code mcast DEV GROUP PORT TTL LOOP}. */
  public record Mcast(String iface, String group, int port, int ttl, boolean loop) {}

  /** {@code respawn USER COMMAND}: a program Heartbeat keeps running. */
  public record Respawn(String user, String command) {}

  /** Heartbeat's {@code auto_failback}: on, off or legacy. */
  public enum AutoFailback {
    ON,
    OFF,
    LEGACY;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** authkeys method. crc authenticates nothing; validation warns about it. */
  public enum AuthMethod {
    CRC,
    MD5,
    SHA1;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * How Heartbeat nodes authenticate each other: exactly one of an inline key or a key file. The
   * key itself is read only when authkeys is rendered, and is a {@link Secret} everywhere.
   */
  public record Auth(AuthMethod method, Optional<Secret> key, Optional<Path> keyFile) {}

  /**
   * The haresources line: the preferred node, the service addresses in Heartbeat's
   * {@code IP/PREFIX/DEV} form, and the resource script Heartbeat starts and stops.
   */
  public record Resources(String preferredNode, List<String> addresses, String script) {
    public Resources {
      addresses = List.copyOf(addresses);
    }
  }
}
