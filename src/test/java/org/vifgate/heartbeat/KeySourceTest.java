package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vifgate.config.HeartbeatSettings.Auth;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.Secret;

class KeySourceTest {

  private FileSystem fs;
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    dir = Files.createDirectories(fs.getPath("/etc/vifgate"));
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private Path keyFile(String content) throws IOException {
    return Files.writeString(dir.resolve("hb.key"), content, StandardCharsets.UTF_8);
  }

  private static Auth fileAuth(Path file) {
    return new Auth(AuthMethod.SHA1, Optional.empty(), Optional.of(file));
  }

  @Test
  void dropsOneTrailingNewline() throws IOException {
    assertEquals("s3cret", KeySource.readFile(keyFile("s3cret\n")).reveal());
    assertEquals("s3cret", KeySource.readFile(keyFile("s3cret")).reveal());
    assertEquals("s3cret", KeySource.readFile(keyFile("s3cret\r\n")).reveal());
  }

  @Test
  void refusesWhitespaceInsideNamingTheFileButNotTheKey() throws IOException {
    for (String content :
        new String[] {"s3cr et\n", "s3cret\n\n", " s3cret\n", "s3cret \n", "s3\tcret"}) {
      Path file = keyFile(content);
      HeartbeatConfigException e =
          assertThrows(HeartbeatConfigException.class, () -> KeySource.readFile(file));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
      assertFalse(
          e.getMessage().contains("s3cr") || e.getMessage().contains("cret"), e.getMessage());
    }
  }

  @Test
  void refusesAnEmptyKey() throws IOException {
    for (String content : new String[] {"", "\n"}) {
      Path file = keyFile(content);
      HeartbeatConfigException e =
          assertThrows(HeartbeatConfigException.class, () -> KeySource.readFile(file));
      assertEquals("key file " + file + " is empty", e.getMessage());
    }
  }

  @Test
  void aMissingOrUnreadableFileIsAClearError() throws IOException {
    HeartbeatConfigException missing =
        assertThrows(
            HeartbeatConfigException.class, () -> KeySource.readFile(dir.resolve("nope.key")));
    assertEquals("key file /etc/vifgate/nope.key does not exist", missing.getMessage());
    Path bad = Files.write(dir.resolve("bin.key"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    HeartbeatConfigException binary =
        assertThrows(HeartbeatConfigException.class, () -> KeySource.readFile(bad));
    assertTrue(binary.getMessage().contains("not UTF-8"), binary.getMessage());
  }

  @Test
  void aRelativeKeyFileIsResolvedAgainstTheSourceDirectory() throws IOException {
    keyFile("k3y\n");
    Optional<Secret> key = KeySource.read(fileAuth(fs.getPath("hb.key")), dir);
    assertEquals("k3y", key.orElseThrow().reveal());
    Optional<Secret> absolute =
        KeySource.read(fileAuth(dir.resolve("hb.key")), fs.getPath("/other"));
    assertEquals("k3y", absolute.orElseThrow().reveal());
  }

  @Test
  void theInlineKeyIsReturnedAndChecked() {
    Auth inline = new Auth(AuthMethod.MD5, Optional.of(new Secret("inl1ne")), Optional.empty());
    assertEquals("inl1ne", KeySource.read(inline, dir).orElseThrow().reveal());
    Auth spaced = new Auth(AuthMethod.MD5, Optional.of(new Secret("in line")), Optional.empty());
    assertThrows(HeartbeatConfigException.class, () -> KeySource.read(spaced, dir));
  }

  @Test
  void bothOrNeither() {
    Auth both =
        new Auth(AuthMethod.MD5, Optional.of(new Secret("x")), Optional.of(fs.getPath("k")));
    assertThrows(HeartbeatConfigException.class, () -> KeySource.read(both, dir));
    Auth neither = new Auth(AuthMethod.CRC, Optional.empty(), Optional.empty());
    assertEquals(Optional.empty(), KeySource.read(neither, dir));
  }
}
