package org.vifgate.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;
import org.vifgate.lab.Dom0Lab;
import org.vifgate.lab.LabOptions;
import org.vifgate.netfilter.model.Backend;

/**
 * A lab dom0 plus a desired-state file and a state directory for it, all removed on close. Tests
 * drive vifgate through its command line, always with --netns and --state-dir pointing here.
 */
public final class LabFixture implements AutoCloseable {

  public final Dom0Lab lab;
  public final Path dir;
  public final Path config;
  public final Path stateDir;
  public final Tools tools = Tools.system();
  public final ProcessRunner runner = new ProcessRunner();

  private LabFixture(Dom0Lab lab, Path dir) {
    this.lab = lab;
    this.dir = dir;
    this.config = dir.resolve("vifgate.yaml");
    this.stateDir = dir.resolve("state");
  }

  public static LabFixture create(String prefix, LabOptions options) throws IOException {
    ProcessRunner runner = new ProcessRunner();
    Tools tools = Tools.system();
    Dom0Lab.cleanupStale(runner, tools, prefix);
    Path dir = Files.createTempDirectory("vifgate-it-" + prefix);
    try {
      return new LabFixture(Dom0Lab.create(runner, tools, prefix, options), dir);
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  /** Writes the desired-state file: no heartbeat section, so the file's role applies. */
  public void writeConfig(String backend, String role, List<String> dom0Vifs) throws IOException {
    String yaml =
        "version: 1\n"
            + "node: XEN-A\n"
            + "role: " + role + "\n"
            + "backend: " + backend + "\n"
            + "manageSysctls: true\n"
            + "dom0:\n  vifs: [" + String.join(", ", dom0Vifs) + "]\n"
            + "bridges:\n  - {name: xenbr0, uplink: peth0}\n"
            + (lab.options().secondBridge() ? "  - {name: xenbr1, uplink: peth1}\n" : "");
    Path temp = dir.resolve("vifgate.yaml.tmp");
    Files.writeString(temp, yaml);
    Files.move(temp, config, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  public void writeConfig(Backend backend, String role, List<String> dom0Vifs) throws IOException {
    writeConfig(backend.id(), role, dom0Vifs);
  }

  /** vifgate COMMAND -c CONFIG --netns DOM0 --state-dir STATE EXTRA... */
  public CliRun vifgate(String command, String... extra) {
    String[] args = new String[7 + extra.length];
    args[0] = command;
    args[1] = "-c";
    args[2] = config.toString();
    args[3] = "--netns";
    args[4] = lab.dom0Namespace();
    args[5] = "--state-dir";
    args[6] = stateDir.toString();
    System.arraycopy(extra, 0, args, 7, extra.length);
    return CliRun.of(args);
  }

  /** Runs a netfilter tool inside the lab's dom0 namespace (never in the host's). */
  public CommandResult inDom0(String tool, String... args) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of(tools.require("ip"), "netns", "exec", lab.dom0Namespace(), tools.require(tool)));
    argv.addAll(List.of(args));
    return runner.run(Command.of(argv));
  }

  public String save(String tool) throws IOException {
    CommandResult result = inDom0(tool);
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
    return result.stdout();
  }

  @Override
  public void close() throws IOException {
    try {
      lab.close();
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
