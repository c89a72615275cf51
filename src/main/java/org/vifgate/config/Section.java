package org.vifgate.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapping of the file with a fixed set of keys. Creating it reports every unknown key (with a
 * "did you mean" when one is close); its getters report missing required keys.
 */
final class Section {
  private final YamlNode.MapNode map;
  private final String path;
  private final Problems problems;

  private Section(YamlNode.MapNode map, String path, Problems problems) {
    this.map = map;
    this.path = path;
    this.problems = problems;
  }

  /**
   * The node as a section, or empty when it is not a mapping (reported).
   *
   * @param elsewhere keys that belong to another section, and which one, for a better hint
   */
  static Optional<Section> of(
      YamlNode node,
      String path,
      Problems problems,
      List<String> keys,
      Map<String, String> elsewhere) {
    Optional<YamlNode.MapNode> map = Values.mapping(node, path, problems);
    map.ifPresent(m -> reportUnknownKeys(m, path, problems, keys, elsewhere));
    return map.map(m -> new Section(m, path, problems));
  }

  static Optional<Section> of(YamlNode node, String path, Problems problems, List<String> keys) {
    return of(node, path, problems, keys, Map.of());
  }

  private static void reportUnknownKeys(
      YamlNode.MapNode map,
      String path,
      Problems problems,
      List<String> keys,
      Map<String, String> elsewhere) {
    for (YamlNode.Entry entry : map.entries()) {
      if (keys.contains(entry.key())) {
        continue;
      }
      String hint;
      if (elsewhere.containsKey(entry.key())) {
        hint = " (it belongs under " + elsewhere.get(entry.key()) + ")";
      } else {
        hint =
            Suggestions.closest(entry.key(), keys)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse(" (known keys: " + String.join(", ", keys) + ")");
      }
      problems.error(entry.keyMark(), Problems.child(path, entry.key()), "unknown key" + hint);
    }
  }

  String path() {
    return path;
  }

  String path(String key) {
    return Problems.child(path, key);
  }

  Mark mark() {
    return map.mark();
  }

  boolean has(String key) {
    return map.entry(key).isPresent();
  }

  Optional<YamlNode> optional(String key) {
    return map.entry(key).map(YamlNode.Entry::value);
  }

  /** The value of a required key; a missing key is reported at the start of this section. */
  Optional<YamlNode> required(String key) {
    Optional<YamlNode> node = optional(key);
    if (node.isEmpty()) {
      problems.error(map.mark(), path(key), "required key is missing");
    }
    return node;
  }

  Optional<String> string(String key, boolean required) {
    return (required ? required(key) : optional(key))
        .flatMap(n -> Values.string(n, path(key), problems));
  }

  Optional<Long> integer(String key, boolean required, long min, long max) {
    return (required ? required(key) : optional(key))
        .flatMap(n -> Values.integer(n, path(key), problems, min, max));
  }

  Optional<Boolean> bool(String key, boolean required) {
    return (required ? required(key) : optional(key))
        .flatMap(n -> Values.bool(n, path(key), problems));
  }

  Optional<YamlNode.SeqNode> list(String key, boolean required) {
    return (required ? required(key) : optional(key))
        .flatMap(n -> Values.list(n, path(key), problems));
  }

  <E extends Enum<E>> Optional<E> choice(String key, boolean required, E[] constants) {
    return (required ? required(key) : optional(key))
        .flatMap(n -> Values.choice(n, path(key), problems, constants));
  }

  Optional<Section> section(String key, boolean required, List<String> keys) {
    return (required ? required(key) : optional(key))
        .flatMap(n -> of(n, path(key), problems, keys));
  }
}
