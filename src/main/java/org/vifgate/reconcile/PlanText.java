package org.vifgate.reconcile;

import java.io.StringWriter;
import java.util.List;
import org.vifgate.netfilter.plan.Edit;
import org.vifgate.netfilter.plan.Op;
import org.vifgate.netfilter.plan.Plan;
import org.vifgate.netfilter.plan.TablePlan;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Plans and outcomes for people (terraform-like lines) and for machines (JSON). */
public final class PlanText {

  private PlanText() {}

  /** One line per edit, then a summary line. */
  public static String text(Plan plan) {
    StringBuilder text = new StringBuilder();
    for (TablePlan table : plan.tables()) {
      for (Edit edit : table.edits()) {
        text.append("  ").append(edit.op().symbol()).append(' ').append(describe(table, edit)).append('\n');
      }
    }
    return text.append(summary(plan)).append('\n').toString();
  }

  public static String summary(Plan plan) {
    if (plan.isEmpty()) {
      return "No changes: the live rules match the desired state.";
    }
    long add = plan.count(Op.INSERT) + plan.count(Op.CREATE_CHAIN);
    long change = plan.count(Op.REPLACE);
    long remove = plan.count(Op.DELETE) + plan.count(Op.DELETE_CHAIN);
    return "Plan: " + add + " to add, " + change + " to change, " + remove + " to remove.";
  }

  /** The whole plan on one line, for error messages. */
  public static String oneLine(Plan plan) {
    StringBuilder line = new StringBuilder();
    for (TablePlan table : plan.tables()) {
      for (Edit edit : table.edits()) {
        if (line.length() > 0) {
          line.append("; ");
        }
        line.append(edit.op().symbol()).append(' ').append(describe(table, edit));
      }
    }
    return line.toString();
  }

  static String describe(TablePlan table, Edit edit) {
    String where = table.table().family().id() + " " + table.table().table() + " " + edit.chain();
    String what =
        switch (edit.op()) {
          case CREATE_CHAIN -> "create chain " + edit.chain();
          case DELETE_CHAIN -> "delete chain " + edit.chain() + " and its rules";
          default -> edit.rule().display();
        };
    String position = edit.position() == null ? "" : " " + edit.position();
    String reason = edit.reason().isEmpty() ? "" : "  (" + edit.reason() + ", " + table.table().tool() + ")";
    return where + position + ": " + what + reason;
  }

  /** The outcome as one JSON object. */
  public static String json(Outcome outcome) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeStringProperty("backend", outcome.backend().backend().id());
      json.writeStringProperty("backendReason", outcome.backend().reason());
      json.writeStringProperty("role", outcome.role().id());
      json.writeStringProperty("roleReason", outcome.roleReason());
      json.writeBooleanProperty("inSync", outcome.inSync());
      json.writeBooleanProperty("applied", outcome.applied());
      json.writeArrayPropertyStart("changes");
      for (TablePlan table : outcome.plan().tables()) {
        for (Edit edit : table.edits()) {
          json.writeStartObject();
          json.writeStringProperty("family", table.table().family().id());
          json.writeStringProperty("table", table.table().table());
          json.writeStringProperty("tool", table.table().tool());
          json.writeStringProperty("chain", edit.chain());
          json.writeStringProperty("op", edit.op().id());
          if (edit.position() == null) {
            json.writeNullProperty("position");
          } else {
            json.writeNumberProperty("position", edit.position());
          }
          if (edit.rule() == null) {
            json.writeNullProperty("rule");
          } else {
            json.writeStringProperty("rule", edit.rule().display());
          }
          json.writeStringProperty("reason", edit.reason());
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      writeStrings(json, "notes", outcome.notes());
      json.writeEndObject();
    }
    return out.toString();
  }

  private static void writeStrings(JsonGenerator json, String name, List<String> values) {
    json.writeArrayPropertyStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
