package org.vifgate.heartbeat;

import java.util.Optional;
import org.vifgate.config.DesiredState;
import org.vifgate.config.HeartbeatSettings;
import org.vifgate.config.Secret;

/**
 * Renders Heartbeat's three files from the desired state. Pure: the same state, source description
 * and key give the same bytes, and nothing is read or written here (the key is read by {@link
 * KeySource}, the files are written by {@link AtomicFileWriter}).
 *
 * <p>Errors ({@link HeartbeatConfigException}) name the setting at fault and never contain the key.
 */
public final class HeartbeatFiles {

  private HeartbeatFiles() {}

  /**
   * @param state the loaded file; its {@code heartbeat} section must be present
   * @param sourceDescription how the headers of ha.cf and authkeys name the source (usually its
   *     path); haresources never names it, so that both nodes' copies are identical
   * @param key the authkeys key, or null / absent for crc
   */
  public static RenderedFiles render(DesiredState state, String sourceDescription, Secret key) {
    HeartbeatSettings settings =
        state
            .heartbeat()
            .orElseThrow(
                () ->
                    new HeartbeatConfigException(
                        "the file has no heartbeat section: there is nothing to render"));
    return render(settings, state.node(), sourceDescription, Optional.ofNullable(key));
  }

  /** As {@link #render(DesiredState, String, Secret)}, from the settings and this host's name. */
  public static RenderedFiles render(
      HeartbeatSettings settings, String node, String sourceDescription, Optional<Secret> key) {
    if (!settings.nodes().contains(node)) {
      throw new HeartbeatConfigException(
          "node '"
              + node
              + "' is not one of heartbeat.nodes "
              + settings.nodes()
              + ": Heartbeat would refuse to start on it");
    }
    if (settings.resources() != null
        && !settings.nodes().contains(settings.resources().preferredNode())) {
      throw new HeartbeatConfigException(
          "heartbeat.resources.preferredNode '"
              + settings.resources().preferredNode()
              + "' is not one of heartbeat.nodes "
              + settings.nodes());
    }
    if (settings.auth() == null) {
      throw new HeartbeatConfigException("heartbeat.auth is missing");
    }
    return new RenderedFiles(
        RenderedFile.plain(HeartbeatFile.HA_CF, HaCfRenderer.render(settings, sourceDescription)),
        AuthkeysRenderer.render(settings.auth().method(), key, sourceDescription),
        RenderedFile.plain(
            HeartbeatFile.HARESOURCES, HaresourcesRenderer.render(settings.resources())));
  }
}
