package org.vifgate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vifgate.config.ConfigLoader;
import org.vifgate.config.LoadResult;
import org.vifgate.config.Problem;
import org.vifgate.config.SchemaCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code vifgate validate}: every problem of a desired-state file, located, and an exit code. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check a desired-state file: the file itself, its YAML syntax, the JSON schema"
          + " (schema/vifgate.schema.json) and its meaning (node names, interface names,"
          + " Heartbeat timings, addresses, ...).",
      "",
      "Every problem is printed as FILE:LINE:COLUMN: message, warnings as"
          + " FILE:LINE:COLUMN: warning: message; the message starts with the key it is about."
          + " Warnings do not make the file invalid."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  vifgate validate -c /etc/vifgate/vifgate.yaml",
      "  vifgate validate -c examples/xen-a.yaml --output json",
      "",
      "Exit codes: 0 valid (warnings allowed), 1 invalid."
    })
final class ValidateCommand implements Callable<Integer> {

  /** The report formats. */
  enum Output {
    TEXT,
    JSON
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "The desired-state file, e.g. /etc/vifgate/vifgate.yaml.")
  Path config;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default): one line per problem and a summary; json: one JSON object.")
  Output output;

  @Override
  public Integer call() {
    LoadResult result = ConfigLoader.load(config);
    List<Problem> problems = new ArrayList<>(result.problems());
    problems.addAll(SchemaCheck.notAlreadyReported(SchemaCheck.check(result), result.problems()));
    problems.sort(null);
    boolean valid = problems.stream().noneMatch(Problem::isError);
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.JSON) {
      out.println(json(problems, valid));
    } else {
      problems.forEach(p -> out.println(p.format()));
      out.println(summary(problems, valid));
    }
    out.flush();
    return valid ? ExitCodes.OK : ExitCodes.ERROR;
  }

  private String summary(List<Problem> problems, boolean valid) {
    long errors = problems.stream().filter(Problem::isError).count();
    long warnings = problems.size() - errors;
    String counts =
        valid
            ? (warnings == 0 ? "" : " (" + plural(warnings, "warning") + ")")
            : " ("
                + plural(errors, "error")
                + (warnings == 0 ? "" : ", " + plural(warnings, "warning"))
                + ")";
    return config + ": " + (valid ? "valid" : "invalid") + counts;
  }

  private static String plural(long count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }

  private String json(List<Problem> problems, boolean valid) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode report = nodes.objectNode();
    report.put("file", config.toString());
    report.put("valid", valid);
    ArrayNode list = report.putArray("problems");
    for (Problem problem : problems) {
      ObjectNode item = list.addObject();
      item.put("file", problem.file());
      if (problem.hasPosition()) {
        item.put("line", problem.line());
        item.put("column", problem.column());
      } else {
        item.putNull("line");
        item.putNull("column");
      }
      item.put("severity", problem.severity().id());
      item.put("message", problem.message());
    }
    return JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(report);
  }
}
