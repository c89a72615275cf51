package org.vifgate.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one typed value from a node, reporting a wrong type with the key path. Types follow YAML's
 * JSON schema, as the JSON Schema check does: a quoted {@code "5"} is a string, {@code yes} is a
 * string, and a number with no fraction ({@code 5.0}) counts as an integer.
 */
final class Values {
  private Values() {}

  static Optional<String> string(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.ScalarNode s && s.kind() == YamlNode.ScalarNode.Kind.STRING) {
      return Optional.of(s.text());
    }
    String hint =
        node instanceof YamlNode.ScalarNode s && s.kind() != YamlNode.ScalarNode.Kind.NULL
            ? "; put it in quotes if it is meant as text"
            : "";
    problems.error(node.mark(), path, "expected a string, got " + node.describe() + hint);
    return Optional.empty();
  }

  static Optional<Long> integer(YamlNode node, String path, Problems problems, long min, long max) {
    Optional<Long> value = integerValue(node);
    if (value.isEmpty()) {
      problems.error(node.mark(), path, "expected a whole number, got " + node.describe());
      return Optional.empty();
    }
    if (value.get() < min || value.get() > max) {
      problems.error(
          node.mark(), path, "must be between " + min + " and " + max + ", got " + value.get());
      return Optional.empty();
    }
    return value;
  }

  /** The node's value when it is a whole number that fits in a long; empty otherwise. */
  static Optional<Long> integerValue(YamlNode node) {
    if (!(node instanceof YamlNode.ScalarNode s)) {
      return Optional.empty();
    }
    if (s.kind() != YamlNode.ScalarNode.Kind.INTEGER
        && s.kind() != YamlNode.ScalarNode.Kind.FLOAT) {
      return Optional.empty();
    }
    try {
      if (s.kind() == YamlNode.ScalarNode.Kind.INTEGER) {
        // The usual case, kept off BigDecimal: setting up its class costs a cold JVM about 9 ms,
        // and every role flip without a watcher loads this file.
        return Optional.of(Long.parseLong(s.text()));
      }
      return Optional.of(new BigDecimal(s.text()).longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<Boolean> bool(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.ScalarNode s && s.kind() == YamlNode.ScalarNode.Kind.BOOLEAN) {
      return Optional.of(Boolean.parseBoolean(s.text()));
    }
    problems.error(node.mark(), path, "expected true or false, got " + node.describe());
    return Optional.empty();
  }

  static Optional<YamlNode.SeqNode> list(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.SeqNode seq) {
      return Optional.of(seq);
    }
    problems.error(node.mark(), path, "expected a list, got " + node.describe());
    return Optional.empty();
  }

  static Optional<YamlNode.MapNode> mapping(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.MapNode map) {
      return Optional.of(map);
    }
    problems.error(
        node.mark(), path, "expected a mapping (key: value lines), got " + node.describe());
    return Optional.empty();
  }

  /**
   * One of a fixed set of words; the id is matched exactly (lower case). The caller passes {@code
   * E.values()}: {@code Class.getEnumConstants} would set up reflection, which a cold start pays for.
   */
  static <E extends Enum<E>> Optional<E> choice(
      YamlNode node, String path, Problems problems, E[] constants) {
    Optional<String> text = string(node, path, problems);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>(constants.length);
    for (E constant : constants) {
      ids.add(constant.name().toLowerCase(Locale.ROOT));
    }
    int index = ids.indexOf(text.get());
    if (index >= 0) {
      return Optional.of(constants[index]);
    }
    String suggestion =
        Suggestions.closest(text.get(), ids).map(s -> " (did you mean '" + s + "'?)").orElse("");
    problems.error(
        node.mark(),
        path,
        "expected one of "
            + String.join(", ", ids)
            + ", got '"
            + Messages.clip(text.get())
            + "'"
            + suggestion);
    return Optional.empty();
  }
}
