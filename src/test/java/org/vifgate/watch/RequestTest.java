package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifgate.config.Role;

class RequestTest {

  @Test
  void parsesARoleRequest() throws Exception {
    assertEquals(
        new Request.SetRole(Role.ACTIVE, "reply.123.4567", "heartbeat", 1764150000123456L),
        Request.parse("role active reply.123.4567 heartbeat 1764150000123456"));
    assertEquals(
        new Request.SetRole(Role.PASSIVE, "reply.x", "root@xen-a:hb+1", 1L),
        Request.parse("role passive reply.x root@xen-a:hb+1 1"));
  }

  @Test
  void parsesAPing() throws Exception {
    assertEquals(new Request.Ping("reply.9", 42L), Request.parse("ping reply.9 42"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "role",
        "role active",
        "role active reply.1 hb",
        "role active reply.1 hb 1 extra",
        "role  active reply.1 hb 1",
        "role active reply.1 hb 1 ",
        "role Active reply.1 hb 1",
        "role standby reply.1 hb 1",
        "role active ../control hb 1",
        "role active /run/vifgate/x/reply.1 hb 1",
        "role active reply. hb 1",
        "role active reply.a/b hb 1",
        "role active reply.1 h\tb 1",
        "role active reply.1 $(reboot) 1",
        "role active reply.1 hb -1",
        "role active reply.1 hb 1e6",
        "role active reply.1 hb 1234567890123456789",
        "ping reply.1",
        "ping reply.1 x",
        "reconcile reply.1 1",
        "ROLE active reply.1 hb 1",
      })
  void refusesAnythingElse(String line) {
    assertThrows(Request.Invalid.class, () -> Request.parse(line));
  }

  @Test
  void aRefusalCarriesTheReplyNameWhenItIsUsable() {
    Request.Invalid bad =
        assertThrows(Request.Invalid.class, () -> Request.parse("role standby reply.5 hb 1"));
    assertEquals(Optional.of("reply.5"), bad.replyName());
    assertEquals("unknown role 'standby' (active or passive)", bad.getMessage());
    Request.Invalid noReply =
        assertThrows(Request.Invalid.class, () -> Request.parse("role active ../x hb 1"));
    assertEquals(Optional.empty(), noReply.replyName());
  }

  @Test
  void refusesOverlongLines() {
    String line = "role active reply.1 " + "h".repeat(600) + " 1";
    Request.Invalid bad = assertThrows(Request.Invalid.class, () -> Request.parse(line));
    assertTrue(bad.getMessage().contains("longer than"));
  }

  @Test
  void messagesNeverCarryControlCharacters() {
    Request.Invalid bad =
        assertThrows(Request.Invalid.class, () -> Request.parse("role \u001b[2Jx reply.1 hb 1"));
    assertTrue(bad.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), bad.getMessage());
  }

  /**
   * Random mutations of valid requests: parse either returns a request or refuses; nothing else.
   */
  static Stream<String> mutations() {
    Random random = new Random(20261126L);
    String[] seeds = {"role active reply.1.2 heartbeat 1764150000123456", "ping reply.7 99"};
    String alphabet = " \t\n/.-_:@+$;'\"\\abcdefghijklmnopqrstuvwxyz0123456789reply\u00e9\u0000";
    return IntStream.range(0, 400)
        .mapToObj(
            i -> {
              StringBuilder line = new StringBuilder(seeds[random.nextInt(seeds.length)]);
              int edits = 1 + random.nextInt(4);
              for (int e = 0; e < edits; e++) {
                int at = random.nextInt(line.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                  case 0 -> line.insert(at, c);
                  case 1 -> {
                    if (at < line.length()) {
                      line.deleteCharAt(at);
                    }
                  }
                  default -> {
                    if (at < line.length()) {
                      line.setCharAt(at, c);
                    }
                  }
                }
              }
              return line.toString();
            });
  }

  @ParameterizedTest
  @MethodSource("mutations")
  void mutatedLinesParseOrAreRefusedCleanly(String line) {
    try {
      Request request = Request.parse(line);
      assertTrue(Request.REPLY_NAME.matcher(request.replyName()).matches());
      assertTrue(request.deadlineMicros() >= 0);
      if (request instanceof Request.SetRole set) {
        assertTrue(Request.BY.matcher(set.by()).matches());
        assertEquals(
            line,
            "role "
                + set.role().id()
                + " "
                + set.replyName()
                + " "
                + set.by()
                + " "
                + line.substring(line.lastIndexOf(' ') + 1));
      }
    } catch (Request.Invalid e) {
      assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
    }
  }
}
