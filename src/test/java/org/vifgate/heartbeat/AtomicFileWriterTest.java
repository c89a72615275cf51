package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.Secret;
import org.vifgate.heartbeat.AtomicFileWriter.Outcome;

class AtomicFileWriterTest {

  private static final byte[] ONE = "one\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TWO = "two\n".getBytes(StandardCharsets.UTF_8);

  private FileSystem fs;
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    fs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build());
    dir = Files.createDirectories(fs.getPath("/etc/ha.d"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(
        Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .permissions());
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createsThenLeavesAloneThenUpdates() throws IOException {
    AtomicFileWriter writer = new AtomicFileWriter(Optional.empty());
    Path target = dir.resolve("ha.cf");
    assertEquals(Outcome.CREATED, writer.write(target, ONE, HeartbeatFile.HA_CF.permissions()));
    assertEquals(Outcome.UNCHANGED, writer.write(target, ONE, HeartbeatFile.HA_CF.permissions()));
    assertFalse(Outcome.UNCHANGED.changed());
    assertEquals(Outcome.UPDATED, writer.write(target, TWO, HeartbeatFile.HA_CF.permissions()));
    assertArrayEquals(TWO, Files.readAllBytes(target));
    assertEquals("rw-r--r--", mode(target));
    assertEquals(List.of("ha.cf"), names(), "no temporary file is left behind");
  }

  @Test
  void authkeysGetsMode0600AndAWrongModeIsRepaired() throws IOException {
    AtomicFileWriter writer = new AtomicFileWriter(Optional.empty());
    RenderedFile authkeys =
        AuthkeysRenderer.render(
            org.vifgate.config.HeartbeatSettings.AuthMethod.SHA1,
            Optional.of(new Secret("k")),
            "x");
    assertEquals(Outcome.CREATED, writer.write(dir, authkeys));
    Path target = dir.resolve("authkeys");
    assertEquals("rw-------", mode(target));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(Outcome.UPDATED, writer.write(dir, authkeys));
    assertEquals("rw-------", mode(target));
  }

  @Test
  void setsTheOwnerWhenAskedAndRewritesAFileOwnedBySomeoneElse() throws IOException {
    Path target = dir.resolve("haresources");
    new AtomicFileWriter(Optional.empty())
        .write(target, ONE, HeartbeatFile.HARESOURCES.permissions());
    PosixFileAttributes before = Files.readAttributes(target, PosixFileAttributes.class);
    assertNotEquals("root", before.owner().getName());
    AtomicFileWriter asRoot = new AtomicFileWriter(Optional.of("root"));
    assertEquals(
        Outcome.UPDATED, asRoot.write(target, ONE, HeartbeatFile.HARESOURCES.permissions()));
    PosixFileAttributes after = Files.readAttributes(target, PosixFileAttributes.class);
    assertEquals("root", after.owner().getName());
    assertEquals("root", after.group().getName());
    assertEquals(
        Outcome.UNCHANGED, asRoot.write(target, ONE, HeartbeatFile.HARESOURCES.permissions()));
  }

  @Test
  void refusesASymbolicLinkAtTheTargetAndWritesNothingThroughIt() throws IOException {
    Path elsewhere = Files.write(fs.getPath("/elsewhere"), ONE);
    Path link = Files.createSymbolicLink(dir.resolve("authkeys"), elsewhere);
    AtomicFileWriter writer = new AtomicFileWriter(Optional.empty());
    FileSystemException e =
        assertThrows(
            FileSystemException.class,
            () -> writer.write(link, TWO, HeartbeatFile.AUTHKEYS.permissions()));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertArrayEquals(ONE, Files.readAllBytes(elsewhere));
    assertTrue(Files.isSymbolicLink(link));
    // A dangling link is refused too: writing would create the file it points to.
    Path dangling = Files.createSymbolicLink(dir.resolve("ha.cf"), fs.getPath("/nowhere"));
    assertThrows(
        FileSystemException.class,
        () -> writer.write(dangling, TWO, HeartbeatFile.HA_CF.permissions()));
    assertFalse(Files.exists(fs.getPath("/nowhere"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("authkeys", "ha.cf"), names());
  }

  @Test
  void refusesADirectoryAndAMissingDirectory() throws IOException {
    AtomicFileWriter writer = new AtomicFileWriter(Optional.empty());
    Path sub = Files.createDirectory(dir.resolve("ha.cf"));
    assertThrows(
        FileSystemException.class, () -> writer.write(sub, ONE, HeartbeatFile.HA_CF.permissions()));
    NoSuchFileException missing =
        assertThrows(
            NoSuchFileException.class,
            () -> writer.write(fs.getPath("/nope/ha.cf"), ONE, HeartbeatFile.HA_CF.permissions()));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  /** The real file system: the unchanged file keeps its inode and mtime, a change replaces it. */
  @Test
  void onDiskAnUnchangedFileIsNotRewrittenAndAChangeIsARename(@TempDir Path tmp)
      throws IOException, InterruptedException {
    AtomicFileWriter writer = AtomicFileWriter.forCurrentUser();
    Path target = tmp.resolve("authkeys");
    assertEquals(Outcome.CREATED, writer.write(target, ONE, HeartbeatFile.AUTHKEYS.permissions()));
    assertEquals("rw-------", mode(target));
    Object inode = Files.getAttribute(target, "unix:ino");
    FileTime mtime = Files.getLastModifiedTime(target);
    Thread.sleep(20);
    assertEquals(
        Outcome.UNCHANGED, writer.write(target, ONE, HeartbeatFile.AUTHKEYS.permissions()));
    assertEquals(inode, Files.getAttribute(target, "unix:ino"));
    assertEquals(mtime, Files.getLastModifiedTime(target));
    assertEquals(Outcome.UPDATED, writer.write(target, TWO, HeartbeatFile.AUTHKEYS.permissions()));
    assertNotEquals(inode, Files.getAttribute(target, "unix:ino"));
    assertArrayEquals(TWO, Files.readAllBytes(target));
    assertEquals("rw-------", mode(target));
    if ("root".equals(System.getProperty("user.name"))) {
      assertEquals("root", Files.getOwner(target).getName());
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(target), s.toList());
    }
  }

  @Test
  void onDiskASymbolicLinkIsRefused(@TempDir Path tmp) throws IOException {
    Path elsewhere = Files.write(tmp.resolve("elsewhere"), ONE);
    Path link = Files.createSymbolicLink(tmp.resolve("ha.cf"), elsewhere);
    assertThrows(
        FileSystemException.class,
        () ->
            AtomicFileWriter.forCurrentUser().write(link, TWO, HeartbeatFile.HA_CF.permissions()));
    assertArrayEquals(ONE, Files.readAllBytes(elsewhere));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void previewShowsWhatAWriteWouldDoAndNeverAKey() throws IOException {
    AtomicFileWriter writer = new AtomicFileWriter(Optional.empty());
    RenderedFiles files =
        HeartbeatFiles.render(
            HeartbeatGoldenTest.full().settings().state("alpha", "/etc/vifgate/a.yaml"),
            "/etc/vifgate/a.yaml",
            new Secret("new-key-123"));
    RenderedFile authkeys = files.authkeys();

    String created = writer.preview(dir, authkeys).orElseThrow();
    assertTrue(
        created.startsWith("--- /dev/null\n+++ /etc/ha.d/authkeys\n@@ -0,0 +1,5 @@\n"), created);
    assertTrue(created.endsWith("+1 sha1 <redacted>\nmode rw-------\n"), created);

    Files.writeString(dir.resolve("authkeys"), "auth 1\n1 md5 old-key-456\n");
    Files.setPosixFilePermissions(
        dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-r--r--"));
    String changed = writer.preview(dir, authkeys).orElseThrow();
    assertTrue(changed.contains("-1 md5 <redacted>\n"), changed);
    assertTrue(changed.contains("+1 sha1 <redacted>\n"), changed);
    assertTrue(changed.endsWith("mode rw-r--r-- -> rw-------\n"), changed);

    writer.write(dir, authkeys);
    assertEquals(Optional.empty(), writer.preview(dir, authkeys));
    assertEquals(Outcome.UNCHANGED, writer.write(dir, authkeys));

    // Only the key differs: the preview says so without showing either key.
    RenderedFile rekeyed =
        HeartbeatFiles.render(
                HeartbeatGoldenTest.full().settings().state("alpha", "/etc/vifgate/a.yaml"),
                "/etc/vifgate/a.yaml",
                new Secret("other-key-789"))
            .authkeys();
    String keyOnly = writer.preview(dir, rekeyed).orElseThrow();
    assertTrue(keyOnly.contains("the key changes (not shown)"), keyOnly);

    for (String shown : List.of(created, changed, keyOnly)) {
      for (String key : List.of("new-key-123", "old-key-456", "other-key-789")) {
        assertFalse(shown.contains(key), shown);
      }
    }
  }

  @Test
  void previewRefusesASymbolicLinkLikeTheWrite() throws IOException {
    Files.createSymbolicLink(dir.resolve("ha.cf"), fs.getPath("/elsewhere"));
    RenderedFile haCf = RenderedFile.plain(HeartbeatFile.HA_CF, "x\n");
    assertThrows(
        FileSystemException.class, () -> new AtomicFileWriter(Optional.empty()).preview(dir, haCf));
  }
}
