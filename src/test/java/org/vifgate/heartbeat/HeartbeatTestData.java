package org.vifgate.heartbeat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vifgate.config.BackendChoice;
import org.vifgate.config.DesiredState;
import org.vifgate.config.HeartbeatSettings;
import org.vifgate.config.HeartbeatSettings.Auth;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.HeartbeatSettings.AutoFailback;
import org.vifgate.config.HeartbeatSettings.Mcast;
import org.vifgate.config.HeartbeatSettings.Resources;
import org.vifgate.config.HeartbeatSettings.Respawn;
import org.vifgate.config.HeartbeatSettings.Ucast;
import org.vifgate.config.Role;
import org.vifgate.config.Secret;

/**
 * Builds Heartbeat settings and desired states for tests, without a YAML loader: a mutable builder
 * whose fields mirror {@link HeartbeatSettings}, starting from a small valid pair.
 */
public final class HeartbeatTestData {

  /** A key that must never show up in anything printed. Long and distinctive on purpose. */
  public static final String KEY = "Sup3r-S3cret-HB-key-7f9c2a";

  private HeartbeatTestData() {}

  /** A minimal valid two-node pair: alpha and beta, ucast on hb0, sha1, preferred alpha. */
  public static Settings pair() {
    return new Settings();
  }

  /** A mutable copy of every {@link HeartbeatSettings} field. */
  public static final class Settings {
    public List<String> nodes = new ArrayList<>(List.of("alpha", "beta"));
    public Duration keepalive;
    public Duration deadtime;
    public Duration warntime;
    public Duration initdead;
    public Integer udpport;
    public Integer baud;
    public List<Ucast> ucast = new ArrayList<>(List.of(new Ucast("hb0", "203.0.113.2")));
    public List<String> bcast = new ArrayList<>();
    public List<Mcast> mcast = new ArrayList<>();
    public AutoFailback autoFailback;
    public Map<String, List<String>> pingGroups = new LinkedHashMap<>();
    public List<String> ping = new ArrayList<>();
    public List<Respawn> respawn = new ArrayList<>();
    public String logfile;
    public String debugfile;
    public String logfacility;
    public AuthMethod authMethod = AuthMethod.SHA1;
    public Optional<Secret> inlineKey = Optional.empty();
    public Optional<Path> keyFile = Optional.of(Path.of("/etc/vifgate/hb.key"));
    public String preferredNode = "alpha";
    public List<String> addresses = new ArrayList<>();
    public String script;

    public HeartbeatSettings build() {
      return new HeartbeatSettings(
          nodes,
          keepalive,
          deadtime,
          warntime,
          initdead,
          udpport,
          baud,
          ucast,
          bcast,
          mcast,
          autoFailback,
          pingGroups,
          ping,
          respawn,
          logfile,
          debugfile,
          logfacility,
          new Auth(authMethod, inlineKey, keyFile),
          new Resources(preferredNode, addresses, script));
    }

    /** The desired state of {@code node}, loaded from {@code source}. */
    public DesiredState state(String node, String source) {
      return new DesiredState(
          Path.of(source),
          1,
          node,
          Role.PASSIVE,
          BackendChoice.AUTO,
          false,
          List.of(),
          List.of(),
          Optional.of(build()));
    }
  }
}
