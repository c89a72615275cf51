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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever the bytes, the loader answers with problems, never an exception; the result is
 * consistent; and the loader reports everything the JSON schema finds.
 */
class LoaderFuzzTest {
  private static final FileSystem FS = Jimfs.newFileSystem(Configuration.unix());
  private static final Path FILE = FS.getPath("/fuzz.yaml");
  private static final byte[] EXAMPLE = bytes(Path.of("examples/xen-a.yaml"));
  private static final byte[] FULL = bytes(Fixtures.VALID.resolve("full.yaml"));

  @Property(tries = 400)
  void mutatedExamplesNeverThrow(@ForAll("mutations") byte[] text) {
    check(text);
  }

  @Property(tries = 400)
  void yamlishNoiseNeverThrows(@ForAll("yamlish") String text) {
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

  @Provide
  Arbitrary<byte[]> mutations() {
    Arbitrary<byte[]> base = Arbitraries.of(EXAMPLE, FULL);
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> edits =
        Combinators.combine(
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 2),
                Arbitraries.oneOf(
                    Arbitraries.bytes(),
                    Arbitraries.of(
                            ":", " ", "\n", "-", "[", "]", "{", "}", "&", "*", "!", "#", "'", "\"",
                            "\t", "0", "a")
                        .map(s -> (byte) s.charAt(0))))
            .as(Tuple::of)
            .list()
            .ofMinSize(1)
            .ofMaxSize(6);
    return Combinators.combine(base, edits).as(LoaderFuzzTest::apply);
  }

  /** Each edit replaces, inserts or deletes one byte at a position. */
  private static byte[] apply(byte[] base, List<Tuple.Tuple3<Integer, Integer, Byte>> edits) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(base);
    byte[] text = out.toByteArray();
    for (Tuple.Tuple3<Integer, Integer, Byte> edit : edits) {
      int at = edit.get1() % (text.length + 1);
      java.io.ByteArrayOutputStream next = new java.io.ByteArrayOutputStream();
      next.write(text, 0, at);
      switch (edit.get2()) {
        case 0:
          if (at < text.length) {
            next.write(edit.get3());
            next.write(text, at + 1, text.length - at - 1);
          }
          break;
        case 1:
          next.write(edit.get3());
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

  @Provide
  Arbitrary<String> yamlish() {
    Arbitrary<String> tokens =
        Arbitraries.of(
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
    return tokens.list().ofMaxSize(40).map(parts -> String.join("", parts));
  }

  private static byte[] bytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
