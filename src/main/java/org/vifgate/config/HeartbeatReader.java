package org.vifgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vifgate.config.HeartbeatSettings.Auth;
import org.vifgate.config.HeartbeatSettings.AuthMethod;
import org.vifgate.config.HeartbeatSettings.AutoFailback;
import org.vifgate.config.HeartbeatSettings.Mcast;
import org.vifgate.config.HeartbeatSettings.Resources;
import org.vifgate.config.HeartbeatSettings.Respawn;
import org.vifgate.config.HeartbeatSettings.Ucast;

/** Reads and checks the {@code heartbeat:} section. */
final class HeartbeatReader {
  static final List<String> KEYS =
      List.of(
          "nodes",
          "keepalive",
          "deadtime",
          "warntime",
          "initdead",
          "udpport",
          "baud",
          "ucast",
          "bcast",
          "mcast",
          "autoFailback",
          "pingGroups",
          "ping",
          "respawn",
          "logfile",
          "debugfile",
          "logfacility",
          "auth",
          "resources");

  static final int DEFAULT_UDP_PORT = 694;
  static final String DEFAULT_SCRIPT = "vifgate";

  /** The serial speeds Heartbeat knows. */
  static final List<Long> BAUD_RATES =
      List.of(1200L, 1800L, 2400L, 4800L, 9600L, 19200L, 38400L, 57600L, 115200L, 230400L, 460800L);

  /** syslog facilities, as Heartbeat's logfacility takes them, plus "none". */
  static final List<String> LOG_FACILITIES =
      List.of(
          "auth",
          "authpriv",
          "cron",
          "daemon",
          "ftp",
          "kern",
          "lpr",
          "mail",
          "news",
          "syslog",
          "user",
          "uucp",
          "local0",
          "local1",
          "local2",
          "local3",
          "local4",
          "local5",
          "local6",
          "local7",
          "none");

  /** What the rest of the file is checked against. */
  record Result(Optional<HeartbeatSettings> settings, List<String> nodes) {}

  private final Section section;
  private final Path source;
  private final Problems problems;

  private HeartbeatReader(Section section, Path source, Problems problems) {
    this.section = section;
    this.source = source;
    this.problems = problems;
  }

  static Result read(Section section, Path source, Problems problems) {
    return new HeartbeatReader(section, source, problems).read();
  }

  private Result read() {
    int errorsBefore = problems.errorCount();
    List<Located<String>> nodes = nodes();
    List<String> nodeNames = nodes.stream().map(Located::value).toList();
    Optional<Duration> keepalive = duration("keepalive");
    Optional<Duration> deadtime = duration("deadtime");
    Optional<Duration> warntime = duration("warntime");
    Optional<Duration> initdead = duration("initdead");
    checkTimings(keepalive, deadtime, warntime, initdead);
    Optional<Long> udpport = section.integer("udpport", false, 1, 65535);
    Optional<Long> baud = baud();
    List<Ucast> ucast = ucast();
    List<String> bcast = bcast();
    List<Mcast> mcast = mcast(udpport.orElse((long) DEFAULT_UDP_PORT));
    checkMedia();
    Optional<AutoFailback> autoFailback = autoFailback();
    Map<String, List<String>> pingGroups = pingGroups(nodeNames);
    List<String> ping = addressList("ping");
    List<Respawn> respawn = respawn();
    Optional<String> logfile = absolutePath("logfile");
    Optional<String> debugfile = absolutePath("debugfile");
    Optional<String> logfacility = logfacility();
    Optional<Auth> auth =
        section.section("auth", true, List.of("method", "key", "keyFile")).flatMap(this::auth);
    Optional<Resources> resources =
        section
            .section("resources", true, List.of("preferredNode", "addresses", "script"))
            .flatMap(r -> resources(r, nodeNames));

    if (problems.errorCount() > errorsBefore) {
      return new Result(Optional.empty(), nodeNames);
    }
    HeartbeatSettings settings =
        new HeartbeatSettings(
            nodeNames,
            keepalive.orElseThrow(),
            deadtime.orElseThrow(),
            warntime.orElseThrow(),
            initdead.orElseThrow(),
            udpport.map(Long::intValue).orElse(null),
            baud.map(Long::intValue).orElse(null),
            ucast,
            bcast,
            mcast,
            autoFailback.orElse(null),
            pingGroups,
            ping,
            respawn,
            logfile.orElse(null),
            debugfile.orElse(null),
            logfacility.orElse(null),
            auth.orElseThrow(),
            resources.orElseThrow());
    return new Result(Optional.of(settings), nodeNames);
  }

  private List<Located<String>> nodes() {
    List<Located<String>> nodes = new ArrayList<>();
    Optional<YamlNode.SeqNode> list = section.list("nodes", true);
    if (list.isEmpty()) {
      return nodes;
    }
    if (list.get().items().isEmpty()) {
      problems.error(
          list.get().mark(),
          section.path("nodes"),
          "list both nodes of the pair (uname -n of each)");
    }
    Map<String, Located<String>> seen = new HashMap<>();
    for (int i = 0; i < list.get().items().size(); i++) {
      YamlNode item = list.get().items().get(i);
      String path = Problems.item(section.path("nodes"), i);
      Optional<String> name = Values.string(item, path, problems);
      if (name.isEmpty()) {
        continue;
      }
      Optional<String> problem = Names.nodeProblem(name.get());
      if (problem.isPresent()) {
        problems.error(item.mark(), path, problem.get());
        continue;
      }
      // Heartbeat lower-cases node names, so XEN-A and xen-a are the same node to it.
      Located<String> located = new Located<>(name.get(), path, item.mark());
      Located<String> first = seen.putIfAbsent(name.get().toLowerCase(Locale.ROOT), located);
      if (first != null) {
        problems.error(
            item.mark(),
            path,
            "node '"
                + name.get()
                + "' is listed twice (also at "
                + first.path()
                + ", "
                + first.mark()
                + "); Heartbeat ignores case in node names");
        continue;
      }
      nodes.add(located);
    }
    return nodes;
  }

  private Optional<Duration> duration(String key) {
    Optional<YamlNode> node = section.required(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String path = section.path(key);
    YamlNode value = node.get();
    Optional<Duration> duration = Optional.empty();
    if (value instanceof YamlNode.ScalarNode s
        && (s.kind() == YamlNode.ScalarNode.Kind.INTEGER
            || s.kind() == YamlNode.ScalarNode.Kind.FLOAT)) {
      duration = Values.integer(value, path, problems, 1, 999_999_999).map(Duration::ofSeconds);
    } else if (value instanceof YamlNode.ScalarNode s
        && s.kind() == YamlNode.ScalarNode.Kind.STRING) {
      duration = Durations.tryParse(s.text());
      if (duration.isEmpty()) {
        problems.error(
            value.mark(),
            path,
            "'"
                + Messages.clip(s.text())
                + "' is not a duration: write whole seconds (5 or 5s) or milliseconds (500ms)");
      }
    } else {
      problems.error(
          value.mark(), path, "expected a duration (5, 5s or 500ms), got " + value.describe());
    }
    if (duration.isPresent() && duration.get().isZero()) {
      problems.error(value.mark(), path, "must be greater than 0");
      return Optional.empty();
    }
    return duration;
  }

  /** Heartbeat's own rules, and the ones its documentation gives as advice. */
  private void checkTimings(
      Optional<Duration> keepalive,
      Optional<Duration> deadtime,
      Optional<Duration> warntime,
      Optional<Duration> initdead) {
    if (keepalive.isPresent()
        && warntime.isPresent()
        && warntime.get().compareTo(keepalive.get()) <= 0) {
      timingError(
          "warntime",
          "must be greater than keepalive (" + Durations.display(keepalive.get()) + ")");
    }
    if (warntime.isPresent()
        && deadtime.isPresent()
        && deadtime.get().compareTo(warntime.get()) <= 0) {
      timingError(
          "deadtime", "must be greater than warntime (" + Durations.display(warntime.get()) + ")");
    }
    if (keepalive.isPresent()
        && deadtime.isPresent()
        && deadtime.get().compareTo(keepalive.get().multipliedBy(2)) <= 0) {
      timingError(
          "deadtime",
          "must be greater than 2 * keepalive ("
              + Durations.display(keepalive.get())
              + "); Heartbeat refuses to start otherwise");
    }
    if (deadtime.isPresent()
        && initdead.isPresent()
        && initdead.get().compareTo(deadtime.get().multipliedBy(2)) < 0) {
      timingError(
          "initdead",
          "must be at least 2 * deadtime ("
              + Durations.display(deadtime.get())
              + "), as Heartbeat's documentation asks: the network may be slow to come up at boot");
    }
  }

  private void timingError(String key, String message) {
    YamlNode node = section.optional(key).orElseThrow();
    problems.error(node.mark(), section.path(key), message);
  }

  private Optional<Long> baud() {
    Optional<YamlNode> node = section.optional("baud");
    Optional<Long> baud =
        node.flatMap(n -> Values.integer(n, section.path("baud"), problems, 1, Integer.MAX_VALUE));
    if (baud.isPresent() && !BAUD_RATES.contains(baud.get())) {
      problems.error(
          node.get().mark(),
          section.path("baud"),
          "is not a serial speed Heartbeat knows (" + BAUD_RATES + ")");
      return Optional.empty();
    }
    return baud;
  }

  private List<Ucast> ucast() {
    List<Ucast> result = new ArrayList<>();
    forEachItem(
        "ucast",
        (item, path) ->
            Section.of(item, path, problems, List.of("interface", "address"))
                .ifPresent(
                    s -> {
                      Optional<String> iface = interfaceName(s, "interface", true);
                      Optional<String> address =
                          s.required("address").flatMap(n -> ipv4(n, s.path("address"), "ucast"));
                      if (iface.isPresent() && address.isPresent()) {
                        result.add(new Ucast(iface.get(), address.get()));
                      }
                    }));
    return result;
  }

  private List<String> bcast() {
    List<String> result = new ArrayList<>();
    forEachItem(
        "bcast",
        (item, path) ->
            Values.string(item, path, problems)
                .filter(name -> validInterface(name, item, path))
                .ifPresent(result::add));
    return result;
  }

  private List<Mcast> mcast(long defaultPort) {
    List<Mcast> result = new ArrayList<>();
    forEachItem(
        "mcast",
        (item, path) ->
            Section.of(item, path, problems, List.of("interface", "group", "port", "ttl", "loop"))
                .ifPresent(
                    s -> {
                      Optional<String> iface = interfaceName(s, "interface", true);
                      Optional<String> group =
                          s.required("group").flatMap(n -> multicastGroup(n, s.path("group")));
                      Optional<Long> port = s.integer("port", false, 1, 65535);
                      Optional<Long> ttl = s.integer("ttl", false, 1, 255);
                      Optional<Boolean> loop = s.bool("loop", false);
                      if (iface.isPresent() && group.isPresent()) {
                        result.add(
                            new Mcast(
                                iface.get(),
                                group.get(),
                                port.orElse(defaultPort).intValue(),
                                ttl.orElse(1L).intValue(),
                                loop.orElse(false)));
                      }
                    }));
    return result;
  }

  private void checkMedia() {
    for (String key : List.of("ucast", "bcast", "mcast")) {
      Optional<YamlNode> node = section.optional(key);
      if (node.isPresent()
          && !(node.get() instanceof YamlNode.SeqNode seq && seq.items().isEmpty())) {
        return;
      }
    }
    problems.error(
        section.mark(),
        section.path(),
        "needs at least one of ucast, bcast or mcast: without one Heartbeat cannot reach the"
            + " other node");
  }

  private Optional<AutoFailback> autoFailback() {
    Optional<YamlNode> node = section.optional("autoFailback");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.ScalarNode s) {
      if (s.kind() == YamlNode.ScalarNode.Kind.BOOLEAN) {
        return Optional.of(Boolean.parseBoolean(s.text()) ? AutoFailback.ON : AutoFailback.OFF);
      }
      if (s.kind() == YamlNode.ScalarNode.Kind.STRING && s.text().equals("legacy")) {
        return Optional.of(AutoFailback.LEGACY);
      }
    }
    problems.error(
        node.get().mark(),
        section.path("autoFailback"),
        "expected true, false or \"legacy\", got " + node.get().describe());
    return Optional.empty();
  }

  private Map<String, List<String>> pingGroups(List<String> nodeNames) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Optional<YamlNode> node = section.optional("pingGroups");
    if (node.isEmpty()) {
      return groups;
    }
    Optional<YamlNode.MapNode> map =
        Values.mapping(node.get(), section.path("pingGroups"), problems);
    if (map.isEmpty()) {
      return groups;
    }
    for (YamlNode.Entry entry : map.get().entries()) {
      String path = Problems.child(section.path("pingGroups"), entry.key());
      Optional<String> nameProblem = Names.tokenProblem(entry.key());
      if (nameProblem.isPresent()) {
        problems.error(entry.keyMark(), path, nameProblem.get());
      } else if (nodeNames.stream().anyMatch(n -> n.equalsIgnoreCase(entry.key()))) {
        problems.error(
            entry.keyMark(),
            path,
            "a ping group may not share its name with a node: Heartbeat treats both as nodes");
      }
      Optional<YamlNode.SeqNode> list = Values.list(entry.value(), path, problems);
      if (list.isEmpty()) {
        continue;
      }
      if (list.get().items().isEmpty()) {
        problems.error(list.get().mark(), path, "a ping group needs at least one address");
      }
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < list.get().items().size(); i++) {
        YamlNode item = list.get().items().get(i);
        ipv4(item, Problems.item(path, i), "ping_group").ifPresent(addresses::add);
      }
      groups.put(entry.key(), addresses);
    }
    return groups;
  }

  private List<String> addressList(String key) {
    List<String> result = new ArrayList<>();
    forEachItem(key, (item, path) -> ipv4(item, path, key).ifPresent(result::add));
    return result;
  }

  private List<Respawn> respawn() {
    List<Respawn> result = new ArrayList<>();
    forEachItem(
        "respawn",
        (item, path) ->
            Section.of(item, path, problems, List.of("user", "command"))
                .ifPresent(
                    s -> {
                      Optional<String> user =
                          s.string("user", true)
                              .filter(u -> valid(Names.userProblem(u), s, "user"));
                      Optional<String> command =
                          s.string("command", true)
                              .filter(c -> valid(Names.absolutePathProblem(c), s, "command"));
                      if (user.isPresent() && command.isPresent()) {
                        result.add(new Respawn(user.get(), command.get()));
                      }
                    }));
    return result;
  }

  private Optional<String> absolutePath(String key) {
    return section
        .string(key, false)
        .filter(p -> valid(Names.absolutePathProblem(p), section, key));
  }

  private Optional<String> logfacility() {
    Optional<String> facility = section.string("logfacility", false);
    if (facility.isPresent() && !LOG_FACILITIES.contains(facility.get())) {
      String suggestion =
          Suggestions.closest(facility.get(), LOG_FACILITIES)
              .map(s -> " (did you mean '" + s + "'?)")
              .orElse(" (daemon, local0 ... local7, none, ...)");
      problems.error(
          section.optional("logfacility").orElseThrow().mark(),
          section.path("logfacility"),
          "'" + Messages.clip(facility.get()) + "' is not a syslog facility" + suggestion);
      return Optional.empty();
    }
    return facility;
  }

  private Optional<Auth> auth(Section auth) {
    Optional<AuthMethod> method = auth.choice("method", true, AuthMethod.values());
    if (method.isPresent() && method.get() == AuthMethod.CRC) {
      problems.warning(
          auth.optional("method").orElseThrow().mark(),
          auth.path("method"),
          "crc authenticates nothing: any host that can reach the heartbeat port can fake"
              + " heartbeats and take over the resources; use sha1");
    }
    Optional<Secret> key = inlineKey(auth);
    Optional<String> keyFile =
        auth.string("keyFile", false)
            .filter(p -> valid(Names.absolutePathProblem(p), auth, "keyFile"));
    boolean hasKey = auth.has("key");
    if (hasKey == auth.has("keyFile")) {
      problems.error(
          auth.mark(),
          auth.path(),
          hasKey
              ? "give exactly one of key and keyFile, not both"
              : "give exactly one of key (the secret itself) and keyFile (a file holding it)");
      return Optional.empty();
    }
    Optional<Path> keyPath = keyFile.map(f -> source.getFileSystem().getPath(f));
    if (method.isEmpty() || (key.isEmpty() && keyPath.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new Auth(method.get(), key, keyPath));
  }

  /** The inline key; messages never quote it, since it is a secret. */
  private Optional<Secret> inlineKey(Section auth) {
    Optional<YamlNode> node = auth.optional("key");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.ScalarNode s
        && s.kind() == YamlNode.ScalarNode.Kind.STRING) {
      return Optional.of(s.text()).filter(k -> validKey(k, auth)).map(Secret::new);
    }
    String what = node.get().describe();
    if (node.get() instanceof YamlNode.ScalarNode s) {
      what =
          s.kind() == YamlNode.ScalarNode.Kind.BOOLEAN
              ? "a boolean"
              : s.kind() == YamlNode.ScalarNode.Kind.NULL ? what : "a number";
    }
    problems.error(
        node.get().mark(),
        auth.path("key"),
        "expected a string, got " + what + "; put the key in quotes");
    return Optional.empty();
  }

  private boolean validKey(String key, Section auth) {
    Mark mark = auth.optional("key").orElseThrow().mark();
    if (key.isEmpty()) {
      problems.error(mark, auth.path("key"), "must not be empty");
      return false;
    }
    if (key.chars().anyMatch(Names::isBlankOrControl)) {
      problems.error(
          mark,
          auth.path("key"),
          "must not contain whitespace or control characters: Heartbeat reads the key as one"
              + " token");
      return false;
    }
    return true;
  }

  private Optional<Resources> resources(Section resources, List<String> nodeNames) {
    Optional<String> preferred =
        resources
            .string("preferredNode", true)
            .filter(n -> valid(Names.nodeProblem(n), resources, "preferredNode"));
    if (preferred.isPresent() && !nodeNames.isEmpty() && !nodeNames.contains(preferred.get())) {
      problems.error(
          resources.optional("preferredNode").orElseThrow().mark(),
          resources.path("preferredNode"),
          "'"
              + preferred.get()
              + "' is not one of heartbeat.nodes ("
              + String.join(", ", nodeNames)
              + ")");
    }
    List<String> addresses = new ArrayList<>();
    resources
        .list("addresses", false)
        .ifPresent(
            list -> {
              for (int i = 0; i < list.items().size(); i++) {
                YamlNode item = list.items().get(i);
                String path = Problems.item(resources.path("addresses"), i);
                Values.string(item, path, problems)
                    .filter(a -> serviceAddress(a, item, path))
                    .ifPresent(addresses::add);
              }
            });
    Optional<String> script =
        resources
            .string("script", false)
            .filter(s -> valid(Names.tokenProblem(s), resources, "script"));
    if (resources.has("script") && script.isEmpty()) {
      return Optional.empty();
    }
    return preferred.map(p -> new Resources(p, addresses, script.orElse(DEFAULT_SCRIPT)));
  }

  /** Heartbeat's IPaddr form IP/PREFIX/INTERFACE, e.g. 192.0.2.10/24/eth0. */
  private boolean serviceAddress(String text, YamlNode node, String path) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      problems.error(
          node.mark(),
          path,
          "'" + Messages.clip(text) + "' must be IP/PREFIX/INTERFACE, e.g. 192.0.2.10/24/eth0");
      return false;
    }
    boolean ok = ipv4Text(parts[0], node, path, "IPaddr");
    if (!parts[1].matches("[1-9][0-9]?") || Integer.parseInt(parts[1]) > 32) {
      problems.error(
          node.mark(), path, "'" + Messages.clip(parts[1]) + "' is not a prefix length (1 to 32)");
      ok = false;
    }
    return validInterface(parts[2], node, path) && ok;
  }

  private Optional<String> multicastGroup(YamlNode node, String path) {
    return ipv4(node, path, "mcast")
        .filter(
            group -> {
              if (InetLiterals.isIpv4Multicast(InetLiterals.ipv4(group).orElseThrow())) {
                return true;
              }
              problems.error(
                  node.mark(),
                  path,
                  "'" + group + "' is not a multicast group (224.0.0.0 to 239.255.255.255)");
              return false;
            });
  }

  private Optional<String> ipv4(YamlNode node, String path, String directive) {
    return Values.string(node, path, problems)
        .filter(text -> ipv4Text(text, node, path, directive));
  }

  /** An IPv4 literal; an IPv6 one gets its own message, and names are never looked up. */
  private boolean ipv4Text(String text, YamlNode node, String path, String directive) {
    if (InetLiterals.ipv4(text).isPresent()) {
      return true;
    }
    if (InetLiterals.ipv6(text).isPresent()) {
      problems.error(
          node.mark(),
          path,
          "'" + text + "' is an IPv6 address; Heartbeat's " + directive + " takes IPv4 addresses");
    } else {
      problems.error(
          node.mark(),
          path,
          "'"
              + Messages.clip(text)
              + "' is not an IPv4 address (write the address itself: host names are not looked"
              + " up)");
    }
    return false;
  }

  private Optional<String> interfaceName(Section s, String key, boolean required) {
    return s.string(key, required)
        .filter(name -> validInterface(name, s.optional(key).orElseThrow(), s.path(key)));
  }

  private boolean validInterface(String name, YamlNode node, String path) {
    return valid(Names.interfaceProblem(name), node.mark(), path);
  }

  private boolean valid(Optional<String> problem, Section s, String key) {
    return valid(problem, s.optional(key).orElseThrow().mark(), s.path(key));
  }

  private boolean valid(Optional<String> problem, Mark mark, String path) {
    problem.ifPresent(p -> problems.error(mark, path, p));
    return problem.isEmpty();
  }

  private void forEachItem(String key, java.util.function.BiConsumer<YamlNode, String> action) {
    section
        .list(key, false)
        .ifPresent(
            list -> {
              for (int i = 0; i < list.items().size(); i++) {
                action.accept(list.items().get(i), Problems.item(section.path(key), i));
              }
            });
  }
}
