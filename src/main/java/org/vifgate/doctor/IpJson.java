package org.vifgate.doctor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vifgate.exec.Command;
import org.vifgate.exec.CommandResult;
import org.vifgate.exec.CommandRunner;
import org.vifgate.exec.Tools;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ip -j ...} through a runner (inside the namespace the rules live in), parsed. */
final class IpJson {

  private IpJson() {}

  static List<JsonNode> run(CommandRunner runner, Tools tools, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(tools.require("ip"), "-j"));
    argv.addAll(List.of(args));
    CommandResult result = runner.run(Command.of(argv));
    if (!result.succeeded()) {
      throw new IOException(result.describeFailure());
    }
    try {
      JsonNode tree =
          JsonMapper.shared().readTree(result.stdout().isBlank() ? "[]" : result.stdout());
      List<JsonNode> items = new ArrayList<>();
      tree.forEach(items::add);
      return items;
    } catch (JacksonException e) {
      throw new IOException(
          "ip -j printed something that is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
