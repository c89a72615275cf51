package org.vifgate.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stdout is kept as the bytes the program printed and decoded only when asked for. */
class CommandResultTest {

  private static final Command CAT = Command.of("cat");

  @Test
  void textAndBytesAreTwoViewsOfTheSameOutput() {
    CommandResult fromText = new CommandResult(CAT, 0, "é -A X\n", "", Duration.ZERO);
    assertArrayEquals("é -A X\n".getBytes(UTF_8), fromText.stdoutBytes());

    byte[] bytes = "é -A X\n".getBytes(UTF_8);
    CommandResult fromBytes = new CommandResult(CAT, 0, bytes, "", Duration.ZERO);
    assertSame(bytes, fromBytes.stdoutBytes(), "taken over, not copied");
    assertEquals("é -A X\n", fromBytes.stdout());
    assertSame(fromBytes.stdout(), fromBytes.stdout(), "decoded once");

    assertEquals(fromText, fromBytes);
    assertEquals(fromText.hashCode(), fromBytes.hashCode());
    assertEquals(fromText.toString(), fromBytes.toString());
    assertNotEquals(fromText, new CommandResult(CAT, 1, bytes, "", Duration.ZERO));
  }

  @Test
  void malformedBytesReadAsReplacementCharacters() {
    byte[] bytes = {'a', (byte) 0xff, 'b', (byte) 0xc3};
    CommandResult result = new CommandResult(CAT, 0, bytes, "", Duration.ZERO);
    assertEquals("a\ufffdb\ufffd", result.stdout());
    assertArrayEquals(new byte[] {'a', (byte) 0xff, 'b', (byte) 0xc3}, result.stdoutBytes());
  }

  @Test
  void theStringGivenIsTheStringReturned() {
    // A lone surrogate is encoded as '?', so it could not come back from the bytes.
    String text = "x\ud800y";
    assertSame(text, new CommandResult(CAT, 0, text, "", Duration.ZERO).stdout());
  }

  @Test
  void aNetnsRunnerReportsTheCallersCommandAndKeepsTheBytes() throws IOException {
    byte[] bytes = {'o', 'k', (byte) 0xfe};
    CommandRunner inner = command -> new CommandResult(command, 3, bytes, "err\n", Duration.ofMillis(7));
    CommandResult result = new NetnsRunner(inner, "/sbin/ip", "ns1").run(CAT);
    assertEquals(CAT, result.command());
    assertSame(bytes, result.stdoutBytes());
    assertEquals(3, result.exitCode());
    assertEquals("err\n", result.stderr());
    assertEquals(Duration.ofMillis(7), result.elapsed());
  }

  @Test
  void aProcessRunnerKeepsTheBytesAProgramPrinted(@TempDir Path dir) throws IOException {
    byte[] printed = new byte[300_000];
    for (int i = 0; i < printed.length; i++) {
      printed[i] = (byte) (i * 31 + i / 7);
    }
    Path file = Files.write(dir.resolve("out"), printed);
    CommandResult result = new ProcessRunner().run(Command.of("cat", file.toString()));
    assertEquals(0, result.exitCode());
    assertArrayEquals(printed, result.stdoutBytes());
    assertEquals(new String(printed, UTF_8), result.stdout());
  }
}
