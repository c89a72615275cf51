package org.vifgate.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written digest must equal the JDK's bit for bit: state directories are named by it. */
class Sha256Test {

  @Test
  void knownAnswers() {
    // FIPS 180-4 examples: the empty string, "abc", and the two-block 448-bit message.
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(""));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex("abc"));
    assertEquals(
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
        hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
  }

  @Test
  void equalsTheJdkDigestAtEveryLengthAroundTheBlockBoundaries() throws Exception {
    Random random = new Random(20261126);
    MessageDigest jdk = MessageDigest.getInstance("SHA-256");
    for (int length = 0; length <= 300; length++) {
      for (int round = 0; round < 3; round++) {
        byte[] message = new byte[length];
        random.nextBytes(message);
        assertArrayEquals(jdk.digest(message), Sha256.digest(message), "length " + length);
      }
    }
  }

  @Test
  void stateDirectoryNamesAreTheOnesMessageDigestGave() throws Exception {
    // The name vifgate used before its own digest, computed here the old way.
    String path = "/etc/vifgate/vifgate.yaml";
    byte[] old = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "vifgate.yaml-" + HexFormat.of().formatHex(old, 0, 8),
        StateDir.key(java.nio.file.Path.of(path)));
    assertEquals(
        "my_cfg_.yaml-" + HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest("/x/my cfg!.yaml".getBytes(StandardCharsets.UTF_8)), 0, 8),
        StateDir.key(java.nio.file.Path.of("/x/my cfg!.yaml")));
  }

  @Test
  void stateDirectoryNamesMatchTheOldRegexReplacementForAnyName() throws Exception {
    for (String name : new String[] {"a b.yaml", "caf\u00e9.yaml", "\ud83d\ude00.yaml", "..", "-_.AZaz09"}) {
      String path = "/etc/vifgate/" + name;
      byte[] old = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
      String oldSafe = java.nio.file.Path.of(path).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
      assertEquals(oldSafe + "-" + HexFormat.of().formatHex(old, 0, 8), StateDir.key(java.nio.file.Path.of(path)), name);
    }
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(Sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
