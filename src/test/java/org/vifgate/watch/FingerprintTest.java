package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path dir = fs.getPath("/etc/vifgate");
  private final Path file = dir.resolve("vifgate.yaml");

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  @Test
  void absentFileAndDanglingLinkAreAbsent() throws Exception {
    Files.createDirectories(dir);
    assertEquals(Fingerprint.ABSENT, Fingerprint.of(file));
    Files.createSymbolicLink(file, dir.resolve("nowhere.yaml"));
    assertEquals(Fingerprint.ABSENT, Fingerprint.of(file));
  }

  @Test
  void sameBytesSameFingerprintWhateverTheTimestamps() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(file, "version: 1\n");
    Fingerprint first = Fingerprint.of(file);
    Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    Path temp = dir.resolve("tmp");
    Files.writeString(temp, "version: 1\n");
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals(first, Fingerprint.of(file));
    assertEquals(Fingerprint.Kind.FILE, first.kind());
    assertEquals(64, first.digest().length());
  }

  @Test
  void anyByteChangesIt() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(file, "version: 1\n");
    Fingerprint first = Fingerprint.of(file);
    Files.writeString(file, "version: 2\n");
    assertNotEquals(first, Fingerprint.of(file));
  }

  @Test
  void aSymlinkSwapToIdenticalBytesStillChangesIt() throws Exception {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("a/v.yaml"), "same\n");
    Files.writeString(dir.resolve("b/v.yaml"), "same\n");
    Files.createSymbolicLink(file, dir.resolve("a/v.yaml"));
    Fingerprint before = Fingerprint.of(file);
    Files.delete(file);
    Files.createSymbolicLink(file, dir.resolve("b/v.yaml"));
    Fingerprint after = Fingerprint.of(file);
    assertEquals(before.digest(), after.digest());
    assertNotEquals(before, after);
    assertEquals("/etc/vifgate/b/v.yaml", after.realPath());
  }

  @Test
  void aDirectoryIsOther() throws Exception {
    Files.createDirectories(file);
    assertEquals(Fingerprint.Kind.OTHER, Fingerprint.of(file).kind());
  }

  @Test
  void shortDigestIsAPrefix() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(file, "x");
    Fingerprint print = Fingerprint.of(file);
    assertEquals(print.digest().substring(0, 12), print.shortDigest());
  }
}
