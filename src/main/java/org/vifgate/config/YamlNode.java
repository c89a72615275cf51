package org.vifgate.config;

import java.util.List;
import java.util.Optional;

/**
 * The file as a small tree that remembers where each node and key was written, so that every
 * problem can name its line and column. This is the only form raw YAML takes, and it never leaves
 * the config package.
 */
sealed interface YamlNode permits YamlNode.MapNode, YamlNode.SeqNode, YamlNode.ScalarNode {

  Mark mark();

  /** How the node is named in messages: "a mapping", "a list", "a string", ... */
  String describe();

  /** A mapping; keys are unique (the reader drops and reports duplicates) and keep file order. */
  record MapNode(List<Entry> entries, Mark mark) implements YamlNode {
    public MapNode {
      entries = List.copyOf(entries);
    }

    Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One {@code key: value} pair; {@code keyMark} is where the key was written. */
  record Entry(String key, Mark keyMark, YamlNode value) {}

  record SeqNode(List<YamlNode> items, Mark mark) implements YamlNode {
    public SeqNode {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar and the type YAML's JSON schema gives it: only {@code true}/{@code false} are
   * booleans, only {@code null} and an empty value are null, and quoted text is always a string.
   */
  record ScalarNode(String text, Kind kind, Mark mark) implements YamlNode {
    enum Kind {
      STRING,
      INTEGER,
      FLOAT,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      switch (kind) {
        case STRING:
          return "a string (\"" + Messages.clip(text) + "\")";
        case INTEGER:
        case FLOAT:
          return "a number (" + Messages.clip(text) + ")";
        case BOOLEAN:
          return "a boolean (" + text + ")";
        default:
          return "nothing (null)";
      }
    }
  }
}
