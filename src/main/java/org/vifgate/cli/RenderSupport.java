package org.vifgate.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.vifgate.config.DesiredState;
import org.vifgate.config.HeartbeatSettings;
import org.vifgate.config.Secret;
import org.vifgate.heartbeat.HeartbeatConfigException;
import org.vifgate.heartbeat.HeartbeatFiles;
import org.vifgate.heartbeat.Installation;
import org.vifgate.heartbeat.KeySource;
import org.vifgate.heartbeat.RenderedFile;
import org.vifgate.heartbeat.RenderedFiles;
import org.vifgate.heartbeat.ResourceAgent;

/** What render and status share: the files `vifgate render` would install, rendered in memory. */
final class RenderSupport {

  private RenderSupport() {}

  /** The agent's settings from the command line; the launcher defaults to this installation's. */
  static ResourceAgent.Settings agentSettings(
      Path vifgate, Path config, Path stateDir, String netns) {
    try {
      return new ResourceAgent.Settings(
          Launcher.resolve(vifgate),
          config.toAbsolutePath().normalize(),
          stateDir.toAbsolutePath().normalize(),
          Optional.ofNullable(netns));
    } catch (IllegalArgumentException e) {
      throw new UserFacingException("--netns: " + e.getMessage(), ExitCodes.USAGE);
    }
  }

  /**
   * Renders everything for {@code out}. Reads the key (keyFile) but writes nothing.
   *
   * @throws HeartbeatConfigException no heartbeat section, a key problem, a value Heartbeat would
   *     refuse
   */
  static Installation installation(
      DesiredState state,
      Path config,
      Path out,
      Optional<ResourceAgent.Settings> agent,
      Optional<Path> agentPath) {
    HeartbeatSettings settings = heartbeat(state);
    Path source = config.toAbsolutePath().normalize();
    Optional<Secret> key = KeySource.read(settings.auth(), source.getParent());
    RenderedFiles files = HeartbeatFiles.render(state, source.toString(), key.orElse(null));
    Optional<RenderedFile> agentFile = agent.map(ResourceAgent::render);
    return Installation.of(out, settings, files, agentFile, agentPath);
  }

  static HeartbeatSettings heartbeat(DesiredState state) {
    return state
        .heartbeat()
        .orElseThrow(
            () ->
                new HeartbeatConfigException(
                    state.source() + " has no heartbeat section: there is nothing to render"));
  }
}
