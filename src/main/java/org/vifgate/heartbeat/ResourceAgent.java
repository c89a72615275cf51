package org.vifgate.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vifgate.exec.NetnsRunner;
import org.vifgate.state.StateDir;

/**
 * Renders the resource agent Heartbeat runs as {@code /etc/ha.d/resource.d/vifgate}: a bash script
 * (template {@code resource-agent.sh}) that maps start, stop, status and restart to {@code vifgate
 * role active}, {@code vifgate role passive} and {@code vifgate status --lsb}, with the launcher,
 * the configuration file and the state directory filled in as absolute paths. Heartbeat runs it
 * with a bare environment, so nothing may depend on PATH or the working directory.
 *
 * <p>Pure: the same settings give the same bytes. Each value becomes one single-quoted shell word,
 * so no value can change what the script does; values with control characters are refused.
 */
public final class ResourceAgent {

  private static final String TEMPLATE = "resource-agent.sh";
  private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

  /**
   * The watcher's side of role flips (bash functions, tested on their own), copied into the agent:
   * start and stop go through a running {@code vifgate watch} when there is one.
   */
  private static final String FASTPATH = "/org/vifgate/watch/agent-fastpath.sh";

  private static final String FASTPATH_PLACEHOLDER = "@WATCH_FASTPATH@";

  private ResourceAgent() {}

  /**
   * What the agent runs, and on what.
   *
   * @param vifgate the vifgate launcher (absolute)
   * @param config the desired-state file (absolute); it also keys the runtime state
   * @param stateDir the runtime state directory every vifgate run on this host uses
   * @param netns a network namespace for every vifgate call (tests and labs only)
   */
  public record Settings(Path vifgate, Path config, Path stateDir, Optional<String> netns) {
    public Settings {
      vifgate = absolute("the vifgate launcher", vifgate);
      config = absolute("the configuration file", config);
      stateDir = absolute("the state directory", stateDir);
      netns.ifPresent(NetnsRunner::requireValidName);
    }

    private static Path absolute(String what, Path path) {
      if (path == null || !path.isAbsolute()) {
        throw new HeartbeatConfigException(
            what + " must be an absolute path for the resource agent, not " + path);
      }
      Path normal = path.normalize();
      plain(what, normal.toString());
      return normal;
    }
  }

  /** The agent, installed under {@code resource.d/} with the name haresources gives it. */
  public static RenderedFile render(Settings settings) {
    String netnsWords =
        settings.netns().map(n -> shellWord("--netns") + " " + shellWord(n)).orElse("");
    String text =
        template()
            .replace("@CONFIG_COMMENT@", settings.config().toString())
            .replace("@VIFGATE@", shellWord(settings.vifgate().toString()))
            .replace("@CONFIG@", shellWord(settings.config().toString()))
            .replace("@STATE_DIR@", shellWord(settings.stateDir().toString()))
            .replace(
                "@WATCH_DIR@",
                shellWord(new StateDir(settings.stateDir(), settings.config()).dir().toString()))
            .replace("@EXTRA@", netnsWords);
    Matcher left = PLACEHOLDER.matcher(text.replace(FASTPATH_PLACEHOLDER, ""));
    if (left.find()) {
      throw new IllegalStateException("resource agent template: unfilled " + left.group());
    }
    // Last, so that nothing in the watcher's functions is taken for a placeholder.
    text = text.replace(FASTPATH_PLACEHOLDER, resource(FASTPATH).strip());
    return RenderedFile.plain(HeartbeatFile.RESOURCE_AGENT, text);
  }

  /** {@code value} as one bash word: single-quoted, with each quote written as {@code '\''}. */
  static String shellWord(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String plain(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new HeartbeatConfigException(
            what + " '" + Syntax.printable(value) + "' contains a control character");
      }
    }
    return value;
  }

  private static String template() {
    return resource(TEMPLATE);
  }

  private static String resource(String name) {
    try (InputStream in = ResourceAgent.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
