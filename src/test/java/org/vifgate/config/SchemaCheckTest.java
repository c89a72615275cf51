package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private LoadResult load(String text) throws IOException {
    Path file = fs.getPath("/v.yaml");
    Files.writeString(file, text);
    return ConfigLoader.load(file);
  }

  @Test
  void mapsErrorsBackToLinesColumnsAndKeys() throws IOException {
    LoadResult result =
        load(
            "version: 1\n"
                + "node: XEN-A\n"
                + "dom0:\n"
                + "  vifs: [vif0.0, 7]\n"
                + "bridges:\n"
                + "  - name: xenbr0\n"
                + "    mtu: 1500\n");
    assertEquals(
        List.of(
            "/v.yaml:4:18: dom0.vifs[1]: integer found, string expected (schema: type)",
            "/v.yaml:6:5: bridges[0].uplink: required property 'uplink' not found (schema:"
                + " required)",
            "/v.yaml:7:5: bridges[0].mtu: property 'mtu' is not defined in the schema and the"
                + " schema does not allow additional properties (schema: additionalProperties)"),
        SchemaCheck.check(result).stream().map(Problem::format).toList());
  }

  @Test
  void isEmptyWhenTheYamlCouldNotBeRead() throws IOException {
    assertEquals(List.of(), SchemaCheck.check(load("a: &x 1\n")));
    assertEquals(List.of(), SchemaCheck.check(load("")));
  }

  @Test
  void dropsWhatTheLoaderAlreadySaidAndKeepsTheRest() {
    Problem loaderError = Problem.error("f", 4, 19, "dom0.vifs[1]: expected a string");
    Problem loaderWarning = Problem.warning("f", 9, 1, "heartbeat.auth.method: crc");
    Problem samePlace = Problem.error("f", 4, 19, "dom0.vifs[1]: integer found (schema: type)");
    Problem parentKey = Problem.error("f", 3, 1, "dom0.vifs: something (schema: x)");
    Problem sameKeyAsWarning = Problem.error("f", 9, 1, "heartbeat.auth.method: x (schema: enum)");
    Problem elsewhere = Problem.error("f", 20, 3, "heartbeat.udpport: too big (schema: maximum)");
    assertEquals(
        List.of(sameKeyAsWarning, elsewhere),
        SchemaCheck.notAlreadyReported(
            List.of(samePlace, parentKey, sameKeyAsWarning, elsewhere),
            List.of(loaderError, loaderWarning)));
  }

  @Test
  void theSchemaIsPackagedAndIsTheTopLevelFile() throws IOException {
    try (var in = SchemaCheck.class.getResourceAsStream(SchemaCheck.RESOURCE)) {
      assertTrue(in != null, "schema missing from the class path");
      assertEquals(
          Files.readString(Path.of("schema/vifgate.schema.json")),
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The schema lists the same keys as the loader, so neither can drift without a failing test. */
  @Test
  void schemaAndLoaderKnowTheSameKeys() throws IOException {
    var schema =
        tools.jackson.databind.json.JsonMapper.shared()
            .readTree(Files.readString(Path.of("schema/vifgate.schema.json")));
    assertEquals(StateReader.KEYS, List.copyOf(schema.get("properties").propertyNames()));
    assertEquals(
        HeartbeatReader.KEYS,
        List.copyOf(schema.get("$defs").get("heartbeat").get("properties").propertyNames()));
  }
}
