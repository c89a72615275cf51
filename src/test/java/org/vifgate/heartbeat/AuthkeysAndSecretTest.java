package org.vifgate.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.Secret;

class AuthkeysAndSecretTest {

  private static final String KEY = HeartbeatTestData.KEY;

  private static RenderedFiles render(AuthMethod method) {
    HeartbeatTestData.Settings s = HeartbeatGoldenTest.full().settings();
    s.authMethod = method;
    return HeartbeatFiles.render(
        s.state("alpha", "/etc/vifgate/a.yaml"), "/etc/vifgate/a.yaml", new Secret(KEY));
  }

  @Test
  void theFileOnDiskHoldsTheKeyAsOneToken() {
    String onDisk =
        new String(render(AuthMethod.SHA1).authkeys().revealBytes(), StandardCharsets.UTF_8);
    assertTrue(onDisk.endsWith("\nauth 1\n1 sha1 " + KEY + "\n"), onDisk);
    String md5 =
        new String(render(AuthMethod.MD5).authkeys().revealBytes(), StandardCharsets.UTF_8);
    assertTrue(md5.endsWith("\nauth 1\n1 md5 " + KEY + "\n"), md5);
  }

  @Test
  void crcHasNoKey() {
    RenderedFile crc = render(AuthMethod.CRC).authkeys();
    String onDisk = new String(crc.revealBytes(), StandardCharsets.UTF_8);
    assertTrue(onDisk.endsWith("\nauth 1\n1 crc\n"), onDisk);
    assertFalse(onDisk.contains(KEY));
  }

  @Test
  void theKeyNeverAppearsInAnythingShown() {
    RenderedFiles files = render(AuthMethod.SHA1);
    List<String> shown = new ArrayList<>();
    shown.add(files.toString());
    for (RenderedFile f : files.all()) {
      shown.add(f.toString());
      shown.add(f.displayText());
      shown.add(UnifiedDiff.diff("/dev/null", f.fileName(), "", f.displayText()));
      shown.add(
          UnifiedDiff.diff(
              f.fileName(),
              f.fileName(),
              f.redact(new String(f.revealBytes(), StandardCharsets.UTF_8).replace("sha1", "md5")),
              f.displayText()));
    }
    shown.add(new Secret(KEY).toString());
    for (String text : shown) {
      assertFalse(text.contains(KEY), text);
    }
    assertTrue(files.authkeys().displayText().contains("1 sha1 <redacted>"));
  }

  @Test
  void redactingAFileReadFromDiskHidesEveryKeyAndEveryUnknownLine() {
    String handWritten =
        "# old file\nauth 2\n1 crc\n2 sha1 HI!there\n#3 md5 Hello!old\n  4 md5 indented-key\n"
            + "garbage-token-value\n";
    String redacted = AuthkeysRenderer.redact(handWritten);
    for (String secret : List.of("HI!there", "Hello!old", "indented-key", "garbage-token-value")) {
      assertFalse(redacted.contains(secret), redacted);
    }
    assertEquals(
        "# old file\nauth 2\n1 crc\n2 sha1 <redacted>\n#3 md5 <redacted>\n  4 md5 <redacted>\n"
            + "<redacted>\n",
        redacted);
  }

  @Test
  void aKeyWithWhitespaceIsRefusedWithoutShowingIt() {
    for (String bad :
        List.of("abcd efgh", "abcd\tefgh", "abcd\nefgh", "abcd\u00a0efgh", "ab\u0001cd")) {
      HeartbeatTestData.Settings s = HeartbeatTestData.pair();
      HeartbeatConfigException e =
          assertThrows(
              HeartbeatConfigException.class,
              () -> HeartbeatFiles.render(s.state("alpha", "a.yaml"), "a.yaml", new Secret(bad)));
      assertTrue(e.getMessage().contains("whitespace"), e.getMessage());
      assertFalse(
          e.getMessage().contains("abcd") || e.getMessage().contains("efgh"), e.getMessage());
    }
  }

  @Test
  void md5AndSha1NeedAKey() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    HeartbeatConfigException e =
        assertThrows(
            HeartbeatConfigException.class,
            () -> HeartbeatFiles.render(s.build(), "alpha", "a.yaml", Optional.empty()));
    assertTrue(e.getMessage().contains("needs a key"), e.getMessage());
  }

  @Test
  void theNodeAndThePreferredNodeMustBeClusterNodes() {
    HeartbeatTestData.Settings s = HeartbeatTestData.pair();
    assertThrows(
        HeartbeatConfigException.class,
        () -> HeartbeatFiles.render(s.state("gamma", "a.yaml"), "a.yaml", new Secret(KEY)));
    s.preferredNode = "gamma";
    assertThrows(
        HeartbeatConfigException.class,
        () -> HeartbeatFiles.render(s.state("alpha", "a.yaml"), "a.yaml", new Secret(KEY)));
  }

  @Test
  void aStateWithoutHeartbeatHasNothingToRender() {
    var state = HeartbeatTestData.pair().state("alpha", "a.yaml");
    var without =
        new org.vifgate.config.DesiredState(
            state.source(),
            1,
            "alpha",
            state.role(),
            state.backend(),
            false,
            List.of(),
            List.of(),
            Optional.empty());
    assertThrows(
        HeartbeatConfigException.class, () -> HeartbeatFiles.render(without, "a.yaml", null));
  }
}
