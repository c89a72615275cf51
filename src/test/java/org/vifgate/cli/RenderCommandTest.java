package org.vifgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vifgate render}, run in-process on temporary directories (never the host's /etc/ha.d). */
class RenderCommandTest {

  private record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @TempDir Path dir;
  private Path config;
  private Path haDir;
  private Path launcher;

  @BeforeEach
  void setUp() throws IOException {
    config = TestConfigs.heartbeatHost(dir);
    haDir = Files.createDirectory(dir.resolve("ha.d"));
    launcher = TestConfigs.fakeLauncher(dir);
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run render(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "render",
                "-c",
                config.toString(),
                "--out",
                haDir.toString(),
                "--vifgate",
                launcher.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private Path agent() {
    return haDir.resolve("resource.d/vifgate");
  }

  @Test
  void writesTheThreeFilesAndTheAgentThenNothing() throws IOException {
    Run first = render();
    assertEquals(ExitCodes.OK, first.code(), first.all());
    for (String name : List.of("ha.cf", "authkeys", "haresources", "resource.d/vifgate")) {
      assertTrue(first.out().contains(haDir.resolve(name) + ": created\n"), first.out());
    }
    assertEquals("rw-------", mode(haDir.resolve("authkeys")));
    assertEquals("rw-r--r--", mode(haDir.resolve("ha.cf")));
    assertEquals("rwxr-xr-x", mode(agent()));
    assertTrue(
        Files.readString(haDir.resolve("authkeys")).contains("1 sha1 " + TestConfigs.KEY + "\n"));
    assertTrue(
        Files.readString(haDir.resolve("haresources"))
            .contains("\nalpha IPaddr::203.0.113.100/24/hb0 vifgate\n"));

    FileTime before = Files.getLastModifiedTime(haDir.resolve("ha.cf"));
    Run second = render();
    assertEquals(ExitCodes.OK, second.code(), second.all());
    for (String name : List.of("ha.cf", "authkeys", "haresources", "resource.d/vifgate")) {
      assertTrue(second.out().contains(haDir.resolve(name) + ": unchanged\n"), second.out());
    }
    assertTrue(second.out().contains("nothing was written"), second.out());
    assertEquals(before, Files.getLastModifiedTime(haDir.resolve("ha.cf")));
    assertFalse(first.all().contains(TestConfigs.KEY) || second.all().contains(TestConfigs.KEY));
  }

  @Test
  void onlyWhatChangedIsWritten() throws IOException {
    assertEquals(ExitCodes.OK, render().code());
    Files.writeString(
        config,
        Files.readString(config)
            .replace("deadtime: 1s", "deadtime: 2s")
            .replace("initdead: 2s", "initdead: 4s"));
    Run run = render();
    assertEquals(ExitCodes.OK, run.code(), run.all());
    assertTrue(run.out().contains(haDir.resolve("ha.cf") + ": updated\n"), run.out());
    assertTrue(run.out().contains(haDir.resolve("authkeys") + ": unchanged\n"), run.out());
    assertTrue(run.out().contains(agent() + ": unchanged\n"), run.out());
    assertTrue(run.out().contains("1 file(s) written."), run.out());
  }

  @Test
  void dryRunShowsRedactedDiffsAndExitsTwoThenZero() throws IOException {
    Run pending = render("--dry-run");
    assertEquals(ExitCodes.CHANGES_PENDING, pending.code(), pending.all());
    assertTrue(pending.out().contains("+++ " + haDir.resolve("ha.cf")), pending.out());
    assertTrue(pending.out().contains("+1 sha1 <redacted>"), pending.out());
    assertTrue(pending.out().contains("+deadtime 1\n"), pending.out());
    assertFalse(pending.all().contains(TestConfigs.KEY), pending.out());
    try (Stream<Path> files = Files.list(haDir)) {
      assertEquals(0, files.count(), "a dry run wrote something");
    }

    assertEquals(ExitCodes.OK, render().code());
    Run clean = render("--dry-run");
    assertEquals(ExitCodes.OK, clean.code(), clean.all());
    assertTrue(clean.out().contains("every file is up to date"), clean.out());

    // Only the key changes: the diff says so without showing either key.
    Files.writeString(dir.resolve("authkey"), "Another-K3y-entirely\n");
    Run key = render("--dry-run");
    assertEquals(ExitCodes.CHANGES_PENDING, key.code(), key.all());
    assertTrue(key.out().contains("the key changes (not shown)"), key.out());
    assertFalse(
        key.all().contains("Another-K3y-entirely") || key.all().contains(TestConfigs.KEY),
        key.out());
  }

  @Test
  void theAgentCallsTheGivenLauncherFileAndStateDirectory() throws IOException {
    Path state = dir.resolve("state");
    Run run = render("--state-dir", state.toString(), "--netns", "lab-dom0");
    assertEquals(ExitCodes.OK, run.code(), run.all());
    String text = Files.readString(agent());
    assertTrue(text.contains("\nVIFGATE='" + launcher + "'\n"), text);
    assertTrue(text.contains("\nCONFIG='" + config.toAbsolutePath() + "'\n"), text);
    assertTrue(text.contains("\nSTATE_DIR='" + state + "'\n"), text);
    assertTrue(text.contains("\nEXTRA=('--netns' 'lab-dom0')\n"), text);
  }

  @Test
  void theDefaultLauncherIsThisCheckoutsBinVifgate() throws IOException {
    Run run = run("render", "-c", config.toString(), "--out", haDir.toString());
    assertEquals(ExitCodes.OK, run.code(), run.all());
    Path expected = Path.of("bin/vifgate").toAbsolutePath().normalize();
    assertTrue(
        Files.readString(agent()).contains("\nVIFGATE='" + expected + "'\n"),
        Files.readString(agent()));
    assertTrue(Files.readString(agent()).contains("\nSTATE_DIR='/run/vifgate'\n"));
  }

  @Test
  void agentPathAndNoAgent() throws IOException {
    Path elsewhere = dir.resolve("agent-here");
    Run at = render("--agent", elsewhere.toString());
    assertEquals(ExitCodes.OK, at.code(), at.all());
    assertTrue(Files.isExecutable(elsewhere));
    assertFalse(Files.exists(agent()));

    Files.delete(elsewhere);
    Run none = render("--no-agent");
    assertEquals(ExitCodes.OK, none.code(), none.all());
    assertFalse(Files.exists(agent()) || Files.exists(elsewhere));
    assertEquals(ExitCodes.USAGE, render("--no-agent", "--agent", elsewhere.toString()).code());
  }

  @Test
  void aSymlinkAtAnyTargetIsRefusedAndNothingIsWritten() throws IOException {
    Path victim = Files.writeString(dir.resolve("victim"), "do not touch\n");
    Files.createSymbolicLink(haDir.resolve("haresources"), victim);
    Run run = render();
    assertEquals(ExitCodes.ERROR, run.code(), run.all());
    assertTrue(run.err().contains("symbolic link"), run.err());
    assertTrue(run.err().contains("nothing was written"), run.err());
    assertEquals("do not touch\n", Files.readString(victim));
    assertFalse(
        Files.exists(haDir.resolve("ha.cf")), "ha.cf was written before the link was found");
    assertFalse(Files.exists(haDir.resolve("authkeys")));
    assertTrue(Files.isSymbolicLink(haDir.resolve("haresources")));
    assertEquals(ExitCodes.ERROR, render("--dry-run").code());
  }

  @Test
  void aKeyProblemIsAClearErrorWithNothingWritten() throws IOException {
    Files.delete(dir.resolve("authkey"));
    Run missing = render();
    assertEquals(ExitCodes.ERROR, missing.code(), missing.all());
    assertTrue(
        missing.err().contains("key file " + dir.resolve("authkey") + " does not exist"),
        missing.err());
    assertTrue(missing.err().contains("nothing was written"), missing.err());

    Files.writeString(dir.resolve("authkey"), "two words\n");
    Run spaced = render();
    assertEquals(ExitCodes.ERROR, spaced.code(), spaced.all());
    assertTrue(spaced.err().contains("whitespace"), spaced.err());
    assertFalse(spaced.all().contains("two words"), spaced.err());
    try (Stream<Path> files = Files.list(haDir)) {
      assertEquals(0, files.count(), "something was written despite the key problem");
    }
  }

  @Test
  void aFileWithoutHeartbeatOrAnInvalidFileWritesNothing() throws IOException {
    config = TestConfigs.plainHost(dir, "passive");
    Run plain = render();
    assertEquals(ExitCodes.ERROR, plain.code(), plain.all());
    assertTrue(plain.err().contains("has no heartbeat section"), plain.err());

    config = TestConfigs.write(dir, "bad.yaml", "version: 1\nnode: alpha\n");
    Run bad = render();
    assertEquals(ExitCodes.ERROR, bad.code(), bad.all());
    try (Stream<Path> files = Files.list(haDir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aMissingOutputDirectoryOrLauncherIsAnError() throws IOException {
    Run noDir =
        run(
            "render",
            "-c",
            config.toString(),
            "--out",
            dir.resolve("nope").toString(),
            "--vifgate",
            launcher.toString());
    assertEquals(ExitCodes.ERROR, noDir.code(), noDir.all());
    assertTrue(noDir.err().contains("is not a directory"), noDir.err());
    Run noLauncher =
        run(
            "render",
            "-c",
            config.toString(),
            "--out",
            haDir.toString(),
            "--vifgate",
            dir.resolve("missing").toString());
    assertEquals(ExitCodes.USAGE, noLauncher.code(), noLauncher.all());
    assertTrue(noLauncher.err().contains("is not an executable file"), noLauncher.err());
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
  }
}
