package org.vifgate.netfilter.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vifgate.netfilter.model.Backend;
import org.vifgate.netfilter.model.DumpKind;
import org.vifgate.netfilter.model.Ruleset;

/**
 * {@link SaveParser#parse(DumpKind, Backend, byte[])} reads the bytes a tool printed exactly as
 * the String overload reads {@code new String(bytes, UTF_8)}, which is how the live path read
 * them before: the same ruleset, or the same error on the same line, for every fixture and for
 * bytes that are not UTF-8.
 */
class SaveParserBytesTest {

  /** A parse's result as a caller sees it: the ruleset and its text, or where and why it failed. */
  private record Outcome(Ruleset ruleset, String written, Integer line, String lineText, String reason) {
    static Outcome of(Callable<Ruleset> parse) throws Exception {
      try {
        Ruleset ruleset = parse.call();
        return new Outcome(ruleset, SaveWriter.toText(ruleset), null, null, null);
      } catch (DumpParseException e) {
        return new Outcome(null, null, e.lineNumber(), e.lineText(), e.reason());
      }
    }
  }

  /** Asserts the byte and the String parse agree, and returns the outcome. */
  private static Outcome assertSameOutcome(DumpKind kind, Backend backend, byte[] dump) throws Exception {
    byte[] given = dump.clone();
    String text = new String(dump, UTF_8);
    Outcome fromText = Outcome.of(() -> SaveParser.parse(kind, backend, text));
    Outcome fromBytes = Outcome.of(() -> SaveParser.parse(kind, backend, dump));
    // Equal rulesets have equal rules, so this also builds and compares every lazy rule.
    assertEquals(fromText, fromBytes, text);
    if (backend == null) {
      assertEquals(Outcome.of(() -> SaveParser.parse(kind, text)), Outcome.of(() -> SaveParser.parse(kind, dump)));
    }
    assertArrayEquals(given, dump, "the parse does not write to the caller's array");
    return fromBytes;
  }

  static List<String> saveFixtures() {
    return Fixture.names().stream().filter(n -> !Fixture.load(n).isListing()).toList();
  }

  private static byte[] bytes(String fixture) throws Exception {
    return Files.readAllBytes(Fixture.directory().resolve(fixture + ".out"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("saveFixtures")
  void everyFixtureParsesTheSameFromItsBytes(String name) throws Exception {
    Fixture fixture = Fixture.load(name);
    byte[] dump = bytes(name);
    assertTrue(Ascii.isUtf8(dump), name);
    assertSameOutcome(fixture.kind(), fixture.backend(), dump);
    assertSameOutcome(fixture.kind(), null, dump);
  }

  /** The fixtures hold rules with non-ASCII text, so the check above covers more than ASCII. */
  @Test
  void someFixturesAreNotAscii() throws Exception {
    long withNonAscii = 0;
    for (String name : saveFixtures()) {
      byte[] dump = bytes(name);
      int bits = 0;
      for (byte b : dump) {
        bits |= b;
      }
      withNonAscii += bits < 0 ? 1 : 0;
    }
    assertTrue(withNonAscii > 0);
  }

  /** Malformed sequences: a stray byte, cut short, overlong, a surrogate, above U+10FFFF. */
  private static final List<byte[]> MALFORMED = List.of(
      bytes(0xff), bytes(0xfe), bytes(0x80), bytes(0xbf), bytes(0xc3), bytes(0xc0, 0xaf),
      bytes(0xc1, 0xbf), bytes(0xe2, 0x82), bytes(0xe0, 0x80, 0xaf), bytes(0xed, 0xa0, 0x80),
      bytes(0xed, 0xbf, 0xbf), bytes(0xf0, 0x9f, 0x98), bytes(0xf0, 0x80, 0x80, 0xaf),
      bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xf5, 0x80, 0x80, 0x80), bytes(0xc3, 0x28));

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** Each save fixture with malformed sequences put in at random places, and one at its end. */
  static Stream<Arguments> malformedFixtures() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    Random random = new Random(8080);
    for (String name : saveFixtures()) {
      Fixture fixture = Fixture.load(name);
      byte[] dump = bytes(name);
      for (int i = 0; i < 12; i++) {
        int at = i == 0 ? dump.length : random.nextInt(dump.length + 1);
        byte[] bad = MALFORMED.get(random.nextInt(MALFORMED.size()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(dump, 0, at);
        out.write(bad);
        out.write(dump, at, dump.length - at);
        cases.add(Arguments.of(name + " #" + i, fixture.kind(), fixture.backend(), out.toByteArray()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFixtures")
  void malformedBytesParseAsTheirDecodedText(String name, DumpKind kind, Backend backend, byte[] dump)
      throws Exception {
    assertFalse(Ascii.isUtf8(dump));
    assertSameOutcome(kind, backend, dump);
  }

  /** The cases above are worth something only if many of them parse. */
  @Test
  void manyMalformedFixturesParse() throws Exception {
    int parsed = 0;
    List<Arguments> cases = malformedFixtures().toList();
    for (Arguments c : cases) {
      Object[] a = c.get();
      if (Outcome.of(() -> SaveParser.parse((DumpKind) a[1], (Backend) a[2], (byte[]) a[3])).ruleset() != null) {
        parsed++;
      }
    }
    assertTrue(parsed > cases.size() / 4, parsed + " of " + cases.size() + " parsed");
  }

  @Test
  void malformedBytesReadAsReplacementCharacters() throws Exception {
    String head = "# Generated by iptables-save v1.8.9 on x\n*filter\n:INPUT ACCEPT [0:0]\n:V\u00ff - [0:0]\n";
    String rule = "-A V\u00ff -m comment --comment \"\u00e9\u00ff\" -j ACCEPT\n";
    byte[] dump = (head + rule + "COMMIT\n# Completed on x\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Outcome outcome = assertSameOutcome(DumpKind.IPTABLES, null, dump);
    assertEquals("-A V\ufffd -m comment --comment \"\ufffd\ufffd\" -j ACCEPT",
        outcome.ruleset().tables().get(0).chains().get(1).rules().get(0).text());

    byte[] unknown = (head + "oops \u00ff\nCOMMIT\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Outcome failed = assertSameOutcome(DumpKind.IPTABLES, null, unknown);
    assertNull(failed.ruleset());
    assertEquals(5, failed.line());
    assertEquals("oops \ufffd", failed.lineText());
  }

  /**
   * Why bytes that are not UTF-8 cannot simply be parsed as they are: escaped one by one, the
   * bytes of a character come together again once the escapes are removed, where the decoded text
   * holds three U+FFFD.
   */
  @Test
  void escapedBytesOfACharacterStayReplacementCharacters() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m comment --comment \"a".getBytes(UTF_8));
    for (byte b : "\u20ac".getBytes(UTF_8)) {
      out.write('\\');
      out.write(b);
    }
    out.write("b\" -j ACCEPT\nCOMMIT\n".getBytes(UTF_8));
    Outcome outcome = assertSameOutcome(DumpKind.IPTABLES, Backend.LEGACY, out.toByteArray());
    assertEquals("a\ufffd\ufffd\ufffdb",
        outcome.ruleset().tables().get(0).chains().get(0).rules().get(0).tokens().get(3).value());
  }

  // ----- the UTF-8 check against the round trip it stands for

  private static boolean roundTrips(byte[] b) {
    return Arrays.equals(b, new String(b, UTF_8).getBytes(UTF_8));
  }

  /** Bytes that make the interesting edges of UTF-8 common: lead bytes, their limits, ASCII. */
  private static final int[] ALPHABET = {
    'a', ' ', 0x7f, 0x00, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1,
    0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xfe, 0xff
  };

  @Test
  void theCheckIsTrueExactlyWhenTheBytesRoundTrip() {
    Random random = new Random(11);
    int valid = 0;
    for (int n = 0; n < 300_000; n++) {
      // Some long ASCII runs, so the paths that skip ASCII 32 and 8 bytes at a time meet bad bytes
      // at every offset.
      boolean asciiRun = n % 10 == 0;
      int length = random.nextInt(asciiRun ? 80 : 9);
      byte[] b = new byte[length];
      for (int i = 0; i < length; i++) {
        b[i] = (byte) (asciiRun && random.nextInt(40) > 0 ? 'x' : ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      assertEquals(roundTrips(b), Ascii.isUtf8(b), () -> Arrays.toString(b));
      valid += roundTrips(b) ? 1 : 0;
    }
    assertTrue(valid > 30_000 && valid < 270_000, valid + " valid");
  }

  @Test
  void encodedTextIsUtf8() {
    Random random = new Random(12);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(30); i > 0; i--) {
        int cp = switch (random.nextInt(5)) {
          case 0 -> random.nextInt(0x80);
          case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
          case 2 -> 0x800 + random.nextInt(0xd800 - 0x800);
          case 3 -> 0xe000 + random.nextInt(0x10000 - 0xe000);
          default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
        };
        s.appendCodePoint(cp);
      }
      byte[] b = s.toString().getBytes(UTF_8);
      assertTrue(Ascii.isUtf8(b), s::toString);
    }
    assertTrue(Ascii.isUtf8(new byte[0]));
  }
}
