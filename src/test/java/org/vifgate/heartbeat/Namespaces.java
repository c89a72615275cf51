package org.vifgate.heartbeat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespace identities of a process ({@code /proc/PID/ns/*}, e.g. {@code mnt:[4026531832]}),
 * and the PID a process has in each nested PID namespace. Used to prove, from outside, that a test
 * Heartbeat node really lives in namespaces of its own before it is allowed to start.
 */
public record Namespaces(Map<String, String> ids) {

  public static final List<String> KINDS = List.of("mnt", "pid", "uts", "ipc", "net");

  public Namespaces {
    ids = Map.copyOf(ids);
  }

  public static Namespaces ofThisProcess() throws IOException {
    return read(Path.of("/proc/self/ns"));
  }

  public static Namespaces ofPid(long pid) throws IOException {
    return read(Path.of("/proc/" + pid + "/ns"));
  }

  private static Namespaces read(Path dir) throws IOException {
    Map<String, String> ids = new TreeMap<>();
    for (String kind : KINDS) {
      String id = Files.readSymbolicLink(dir.resolve(kind)).toString();
      if (!id.startsWith(kind + ":[")) {
        throw new IOException("unexpected namespace link " + dir.resolve(kind) + " -> " + id);
      }
      ids.put(kind, id);
    }
    return new Namespaces(ids);
  }

  public String id(String kind) {
    return ids.get(kind);
  }

  /** The kinds in which this process shares a namespace with {@code other}. */
  public List<String> sharedWith(Namespaces other) {
    List<String> shared = new ArrayList<>();
    for (String kind : KINDS) {
      if (ids.get(kind).equals(other.ids.get(kind))) {
        shared.add(kind);
      }
    }
    return shared;
  }

  /**
   * The {@code NSpid} line of {@code /proc/PID/status}: the process's PID in the host's PID
   * namespace first, then in each nested one, innermost last.
   */
  public static List<Long> nsPids(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("NSpid:")) {
        List<Long> pids = new ArrayList<>();
        for (String field : line.substring("NSpid:".length()).trim().split("\\s+")) {
          pids.add(Long.parseLong(field));
        }
        return pids;
      }
    }
    throw new IOException("/proc/" + pid + "/status has no NSpid line");
  }
}
