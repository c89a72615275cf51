package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the bytes, the loader answers with problems, never an exception; the result is
 * consistent; and the loader reports everything the JSON schema finds.
 */
class LoaderFuzzTest {
  private static final FileSystem FS = Jimfs.newFileSystem(Configuration.unix());
  private static final Path FILE = FS.getPath("/fuzz.yaml");
  private static final byte[] EXAMPLE = bytes(Path.of("examples/xen-a.yaml"));
  private static final byte[] FULL = bytes(Fixtures.VALID.resolve("full.yaml"));

  private static final byte[] NOISE_BYTES = ":  \n-[]{}&*!#'\"\t0a".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @MethodSource("mutations")
  void mutatedExamplesNeverThrow(byte[] text) {
    check(text);
  }

  @ParameterizedTest
  @MethodSource("yamlish")
  void yamlishNoiseNeverThrows(String text) {
    check(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void check(byte[] text) {
    try {
      Files.write(FILE, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LoadResult result = ConfigLoader.load(FILE);
    assertEquals(result.errors().isEmpty(), result.isValid());
    assertEquals(result.isValid(), result.state().isPresent());
    for (Problem problem : result.problems()) {
      assertEquals("/fuzz.yaml", problem.file());
      assertTrue(problem.format().startsWith("/fuzz.yaml"));
      assertFalse(problem.message().isBlank());
      assertFalse(problem.message().contains("Exception"), problem.toString());
    }
    List<Problem> schema = SchemaCheck.check(result);
    if (result.isValid()) {
      assertEquals(List.of(), schema, "the loader accepted what the schema rejects");
    }
    assertEquals(
        List.of(),
        SchemaCheck.notAlreadyReported(schema, result.problems()),
        () ->
            "the schema found what the loader did not, in:\n"
                + new String(text, StandardCharsets.UTF_8));
  }

  /** 400 examples with 1 to 6 single-byte edits each, from a fixed seed so failures reproduce. */
  static Stream<byte[]> mutations() {
    Random random = new Random(20261126L);
    return Stream.generate(() -> mutate(random.nextBoolean() ? EXAMPLE : FULL, random)).limit(400);
  }

  /** Each edit replaces, inserts or deletes one byte at a position. */
  private static byte[] mutate(byte[] base, Random random) {
    byte[] text = base.clone();
    int edits = 1 + random.nextInt(6);
    for (int k = 0; k < edits; k++) {
      int at = random.nextInt(text.length + 1);
      byte value =
          random.nextBoolean()
              ? (byte) random.nextInt(256)
              : NOISE_BYTES[random.nextInt(NOISE_BYTES.length)];
      java.io.ByteArrayOutputStream next = new java.io.ByteArrayOutputStream();
      next.write(text, 0, at);
      switch (random.nextInt(3)) {
        case 0:
          if (at < text.length) {
            next.write(value);
            next.write(text, at + 1, text.length - at - 1);
          }
          break;
        case 1:
          next.write(value);
          next.write(text, at, text.length - at);
          break;
        default:
          if (at < text.length) {
            next.write(text, at + 1, text.length - at - 1);
          }
          break;
      }
      text = next.toByteArray();
    }
    return text;
  }

  static Stream<String> yamlish() {
    List<String> tokens =
        List.of(
            "version: 1\n",
            "node: XEN-A\n",
            "heartbeat:\n",
            "  ",
            "- ",
            ": ",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "&a ",
            "*a",
            "!!str ",
            "? ",
            "|\n",
            ">\n",
            "'x'",
            "\"y\"",
            "\\",
            "#c\n",
            "\n",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "vif0.0",
            "1s",
            "500ms",
            "true",
            "null",
            "~",
            "0x1F",
            "1e3",
            ".inf",
            "é",
            "\t",
            "keepalive",
            "dom0",
            "bridges",
            "nodes");
    Random random = new Random(694L);
    return Stream.generate(
            () -> {
              StringBuilder text = new StringBuilder();
              int count = random.nextInt(41);
              for (int i = 0; i < count; i++) {
                text.append(tokens.get(random.nextInt(tokens.size())));
              }
              return text.toString();
            })
        .limit(400);
  }

  private static byte[] bytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
