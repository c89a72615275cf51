package org.vifgate.cli;

import java.io.PrintWriter;
import org.vifgate.state.RuntimeRole;
import org.vifgate.status.FileState;
import org.vifgate.status.StatusReport;
import org.vifgate.status.SyncState;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Prints a {@link StatusReport} for people (aligned lines) or machines (one JSON object). */
final class StatusPrinter {

  private StatusPrinter() {}

  static void print(PrintWriter out, StatusReport report, OutputFormat format) {
    if (format == OutputFormat.JSON) {
      out.println(
          JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(json(report)));
    } else {
      text(out, report);
    }
    out.flush();
  }

  private static void text(PrintWriter out, StatusReport r) {
    line(out, "config", r.config() + " (node " + r.node() + ")");
    line(out, "file role", r.fileRole().id());
    line(out, "runtime role", runtime(r));
    line(out, "effective", r.effectiveRole().id() + " (" + r.effectiveReason() + ")");
    if (r.sync().isPresent()) {
      SyncState s = r.sync().get();
      line(out, "backend", s.backend().id() + " (" + s.backendReason() + ")");
      line(
          out,
          "live rules",
          s.inSync()
              ? "in sync"
              : s.pendingEdits()
                  + " edit(s) pending: run `vifgate reconcile` (or `--dry-run` to see them)");
    } else {
      line(out, "live rules", "unknown: " + r.syncError().orElse("?"));
    }
    line(out, "lsb status", r.lsb().text() + " (" + r.lsbReason() + ")");
    r.sync().ifPresent(s -> s.notes().forEach(n -> out.println("note: " + n)));
    if (r.haDir().isEmpty()) {
      line(out, "heartbeat", "no heartbeat section: the file's role applies");
      return;
    }
    out.println("heartbeat files in " + r.haDir().get() + ":");
    int width = r.files().stream().mapToInt(f -> f.name().length()).max().orElse(0);
    for (FileState f : r.files()) {
      StringBuilder b = new StringBuilder("  ");
      b.append(pad(f.name(), width)).append("  ").append(f.kind().text());
      f.mode().ifPresent(m -> b.append(", mode ").append(m));
      f.owner().ifPresent(o -> b.append(", ").append(o));
      if (!f.detail().isEmpty()) {
        b.append(" (").append(f.detail()).append(')');
      }
      out.println(b);
    }
  }

  private static String runtime(StatusReport r) {
    if (r.runtimeError().isPresent()) {
      return "unreadable: " + r.runtimeError().get();
    }
    if (r.runtimeRole().isEmpty()) {
      return "none (Heartbeat has not set one since boot)";
    }
    RuntimeRole role = r.runtimeRole().get();
    return role.role().id()
        + ", set by "
        + role.setBy()
        + " at "
        + role.setAt()
        + (r.runtimeRoleCurrent() ? " (this boot)" : " (in an earlier boot: ignored)");
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(pad(label + ":", 14) + value);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static ObjectNode json(StatusReport r) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode o = nodes.objectNode();
    o.put("config", r.config().toString());
    o.put("node", r.node());
    o.put("fileRole", r.fileRole().id());
    if (r.runtimeRole().isPresent()) {
      RuntimeRole role = r.runtimeRole().get();
      ObjectNode rt = o.putObject("runtimeRole");
      rt.put("role", role.role().id());
      rt.put("setBy", role.setBy());
      rt.put("setAt", role.setAt().toString());
      rt.put("thisBoot", r.runtimeRoleCurrent());
    } else {
      o.putNull("runtimeRole");
    }
    r.runtimeError().ifPresent(e -> o.put("runtimeRoleError", e));
    o.put("effectiveRole", r.effectiveRole().id());
    o.put("effectiveReason", r.effectiveReason());
    if (r.sync().isPresent()) {
      SyncState s = r.sync().get();
      o.put("backend", s.backend().id());
      o.put("backendReason", s.backendReason());
      o.put("inSync", s.inSync());
      o.put("pendingEdits", s.pendingEdits());
      ArrayNode notes = o.putArray("notes");
      s.notes().forEach(notes::add);
    } else {
      o.putNull("backend");
      o.putNull("inSync");
      o.put("syncError", r.syncError().orElse(""));
    }
    o.put("lsb", r.lsb().text());
    o.put("lsbExitCode", r.lsb().exitCode());
    o.put("lsbReason", r.lsbReason());
    if (r.haDir().isPresent()) {
      o.put("heartbeatDir", r.haDir().get().toString());
      ArrayNode files = o.putArray("files");
      for (FileState f : r.files()) {
        ObjectNode file = files.addObject();
        file.put("name", f.name());
        file.put("path", f.path().toString());
        file.put("state", f.kind().text());
        f.mode().ifPresentOrElse(m -> file.put("mode", m), () -> file.putNull("mode"));
        f.owner().ifPresentOrElse(m -> file.put("owner", m), () -> file.putNull("owner"));
        file.put("detail", f.detail());
      }
    } else {
      o.putNull("heartbeatDir");
      o.putArray("files");
    }
    return o;
  }
}
