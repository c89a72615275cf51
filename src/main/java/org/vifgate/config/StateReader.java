package org.vifgate.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the top level of the file into a {@link DesiredState}, checking it as it goes. */
final class StateReader {
  static final int SUPPORTED_VERSION = 1;

  static final List<String> KEYS =
      List.of(
          "version", "node", "role", "backend", "manageSysctls", "dom0", "bridges", "heartbeat");

  private final Path source;
  private final Problems problems;

  private StateReader(Path source, Problems problems) {
    this.source = source;
    this.problems = problems;
  }

  /** The state, or empty when any error was found (all of them reported). */
  static Optional<DesiredState> read(Path source, YamlNode root, Problems problems) {
    return new StateReader(source, problems).read(root);
  }

  private Optional<DesiredState> read(YamlNode root) {
    Map<String, String> elsewhere = new HashMap<>();
    HeartbeatReader.KEYS.forEach(k -> elsewhere.put(k, "heartbeat"));
    elsewhere.put("vifs", "dom0");
    Optional<Section> top = Section.of(root, Problems.ROOT, problems, KEYS, elsewhere);
    if (top.isEmpty()) {
      return Optional.empty();
    }
    Section s = top.get();

    Optional<Long> version = s.integer("version", true, Long.MIN_VALUE, Long.MAX_VALUE);
    if (version.isPresent() && version.get() != SUPPORTED_VERSION) {
      problems.error(
          s.optional("version").orElseThrow().mark(),
          "version",
          "unsupported version "
              + version.get()
              + "; this vifgate reads version "
              + SUPPORTED_VERSION);
    }
    Optional<Located<String>> node = node(s);
    Optional<Role> role = s.choice("role", false, Role.values());
    Optional<BackendChoice> backend = s.choice("backend", false, BackendChoice.values());
    Optional<Boolean> manageSysctls = s.bool("manageSysctls", false);

    List<Located<String>> interfaces = new ArrayList<>();
    List<String> dom0Vifs = new ArrayList<>();
    s.section("dom0", true, List.of("vifs"))
        .flatMap(d -> d.list("vifs", true))
        .ifPresent(list -> dom0Vifs.addAll(interfaceList(list, "dom0.vifs", interfaces)));
    List<Bridge> bridges = bridges(s, interfaces);
    checkUnique(interfaces);

    Optional<HeartbeatReader.Result> heartbeat =
        s.section("heartbeat", false, HeartbeatReader.KEYS)
            .map(h -> HeartbeatReader.read(h, source, problems));
    if (heartbeat.isPresent() && node.isPresent()) {
      List<String> nodes = heartbeat.get().nodes();
      if (!nodes.isEmpty() && !nodes.contains(node.get().value())) {
        problems.error(
            node.get().mark(),
            "node",
            "'"
                + node.get().value()
                + "' is not one of heartbeat.nodes ("
                + String.join(", ", nodes)
                + "); this host must be one of the pair");
      }
    }
    if (s.has("heartbeat") && role.orElse(Role.PASSIVE) == Role.ACTIVE) {
      problems.warning(
          s.optional("role").orElseThrow().mark(),
          "role",
          "'active' does not make this host active while it has a heartbeat section: Heartbeat"
              + " owns the role at runtime, and until it sets one the host is passive so that it"
              + " boots with its guests cut off; write 'role: passive' or leave role out");
    }

    if (problems.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new DesiredState(
            source,
            version.orElseThrow().intValue(),
            node.orElseThrow().value(),
            role.orElse(Role.PASSIVE),
            backend.orElse(BackendChoice.AUTO),
            manageSysctls.orElse(false),
            dom0Vifs,
            bridges,
            heartbeat.flatMap(HeartbeatReader.Result::settings)));
  }

  private Optional<Located<String>> node(Section s) {
    Optional<String> name = s.string("node", true);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Mark mark = s.optional("node").orElseThrow().mark();
    Optional<String> problem = Names.nodeProblem(name.get());
    if (problem.isPresent()) {
      problems.error(mark, "node", problem.get());
      return Optional.empty();
    }
    return Optional.of(new Located<>(name.get(), "node", mark));
  }

  private List<Bridge> bridges(Section s, List<Located<String>> interfaces) {
    List<Bridge> bridges = new ArrayList<>();
    Optional<YamlNode.SeqNode> list = s.list("bridges", true);
    if (list.isEmpty()) {
      return bridges;
    }
    if (list.get().items().isEmpty()) {
      problems.error(
          list.get().mark(),
          "bridges",
          "list at least one bridge that the guests are plugged into");
    }
    for (int i = 0; i < list.get().items().size(); i++) {
      String path = Problems.item("bridges", i);
      Optional<Section> bridge =
          Section.of(list.get().items().get(i), path, problems, List.of("name", "uplink"));
      if (bridge.isEmpty()) {
        continue;
      }
      Optional<String> name = interfaceKey(bridge.get(), "name", interfaces);
      Optional<String> uplink = interfaceKey(bridge.get(), "uplink", interfaces);
      if (name.isPresent() && uplink.isPresent()) {
        bridges.add(new Bridge(name.get(), uplink.get()));
      }
    }
    return bridges;
  }

  private Optional<String> interfaceKey(
      Section section, String key, List<Located<String>> interfaces) {
    Optional<String> name = section.string(key, true);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Mark mark = section.optional(key).orElseThrow().mark();
    return checkedInterface(name.get(), section.path(key), mark, interfaces);
  }

  private List<String> interfaceList(
      YamlNode.SeqNode list, String path, List<Located<String>> interfaces) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String itemPath = Problems.item(path, i);
      Values.string(item, itemPath, problems)
          .flatMap(name -> checkedInterface(name, itemPath, item.mark(), interfaces))
          .ifPresent(names::add);
    }
    return names;
  }

  private Optional<String> checkedInterface(
      String name, String path, Mark mark, List<Located<String>> interfaces) {
    Optional<String> problem = Names.interfaceProblem(name);
    if (problem.isPresent()) {
      problems.error(mark, path, problem.get());
      return Optional.empty();
    }
    interfaces.add(new Located<>(name, path, mark));
    return Optional.of(name);
  }

  /** dom0's ports, bridges and uplinks are distinct interfaces: each name may appear once. */
  private void checkUnique(List<Located<String>> interfaces) {
    Map<String, Located<String>> seen = new HashMap<>();
    List<Located<String>> inFileOrder = new ArrayList<>(interfaces);
    // Spelled out rather than Comparator.comparingInt(...).thenComparingInt(...), whose JDK
    // lambdas are spun afresh on every cold start.
    inFileOrder.sort(
        (a, b) ->
            a.mark().line() != b.mark().line()
                ? Integer.compare(a.mark().line(), b.mark().line())
                : Integer.compare(a.mark().column(), b.mark().column()));
    for (Located<String> iface : inFileOrder) {
      Located<String> first = seen.putIfAbsent(iface.value(), iface);
      if (first != null) {
        problems.error(
            iface.mark(),
            iface.path(),
            "interface '"
                + iface.value()
                + "' is already used at "
                + first.path()
                + " ("
                + first.mark()
                + "); each of dom0.vifs, bridge names and uplinks must be a different interface");
      }
    }
  }
}
