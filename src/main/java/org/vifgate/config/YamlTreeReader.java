package org.vifgate.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.JsonScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Turns the text of one YAML document into a located {@link YamlNode} tree, straight from
 * SnakeYAML Engine's event parser.
 *
 * <p>Plain scalars are typed by the YAML 1.2 JSON schema ({@code 30} is an integer, {@code true} a
 * boolean, {@code null} or nothing a null, {@code yes} and {@code "30"} strings), as Jackson's YAML
 * parser types them. Jackson is not used here: setting up its YAML parser costs a cold JVM about
 * 15 ms, more than reading the whole file, and every role flip without a watcher pays for it.
 *
 * <p>An anchor, an alias or an explicit tag stops the read with one error (that is also what keeps
 * "billion laughs" alias bombs and {@code !!java...} tags out), a duplicate key is an error naming
 * both places, and nesting deeper than {@link #MAX_DEPTH} stops the read. Syntax errors carry the
 * parser's line and column.
 */
final class YamlTreeReader {
  /** The real shape nests four deep; anything near this limit is a mistake or an attack. */
  static final int MAX_DEPTH = 16;

  private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";
  /** The typing of plain scalars that Jackson's YAML parser applies too. */
  private static final ScalarResolver TYPES = new JsonScalarResolver();

  private final Problems problems;
  private ParserImpl parser;
  /** The event read last: where a problem without a mark of its own is reported. */
  private Event last;

  private YamlTreeReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * The document's tree, or empty when the file holds no document or a problem made the rest
   * unreadable (both reported). A duplicate key leaves the tree usable: it is reported, and the
   * tree (with the first of the two values) is still returned.
   */
  static Optional<YamlNode> read(String text, Problems problems) {
    return new YamlTreeReader(problems).document(text);
  }

  private Optional<YamlNode> document(String text) {
    try {
      LoadSettings settings = LoadSettings.builder().build();
      parser = new ParserImpl(settings, new StreamReader(settings, text));
      Event first = next();
      if (first == null) {
        problems.fileError(SourceFile.emptyMessage());
        return Optional.empty();
      }
      YamlNode root = value(first, Problems.ROOT, 1);
      Event second = next();
      if (second != null) {
        problems.error(
            markOf(second),
            "",
            "a second YAML document starts here; a desired-state file holds exactly one");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (Stop stop) {
      return Optional.empty();
    } catch (YamlEngineException | NumberFormatException e) {
      syntaxError(e);
      return Optional.empty();
    } catch (RuntimeException e) {
      problems.error(endOfLast(), "", "cannot parse the file: " + Messages.clip(String.valueOf(e)));
      return Optional.empty();
    }
  }

  /**
   * The next event that is a node or ends one; the stream's and documents' own markers are
   * skipped, so a second document shows as a node after the first. Null at the end of the stream.
   */
  private Event next() {
    while (true) {
      Event event = parser.next();
      last = event;
      switch (event.getEventId()) {
        case StreamStart:
        case DocumentStart:
        case DocumentEnd:
        case Comment:
          continue;
        case StreamEnd:
          return null;
        default:
          return event;
      }
    }
  }

  private YamlNode value(Event event, String path, int depth) {
    Mark mark = markOf(event);
    checkNodeProperties(event, path, mark);
    switch (event.getEventId()) {
      case MappingStart:
        checkDepth(path, mark, depth);
        return mapping(path, mark, depth);
      case SequenceStart:
        checkDepth(path, mark, depth);
        return sequence(path, mark, depth);
      case Scalar:
        {
          ScalarEvent scalar = (ScalarEvent) event;
          return new YamlNode.ScalarNode(scalar.getValue(), kindOf(scalar), mark);
        }
      default:
        problems.error(mark, path, "unexpected YAML event " + event.getEventId());
        throw new Stop();
    }
  }

  /** A plain scalar's type by the JSON schema; a quoted or block scalar is always a string. */
  private static YamlNode.ScalarNode.Kind kindOf(ScalarEvent scalar) {
    String text = scalar.getValue();
    if (text.isEmpty()) {
      return scalar.isPlain() ? YamlNode.ScalarNode.Kind.NULL : YamlNode.ScalarNode.Kind.STRING;
    }
    Tag tag = TYPES.resolve(text, scalar.getImplicit().canOmitTagInPlainScalar());
    if (Tag.INT.equals(tag)) {
      return YamlNode.ScalarNode.Kind.INTEGER;
    }
    if (Tag.FLOAT.equals(tag)) {
      return YamlNode.ScalarNode.Kind.FLOAT;
    }
    if (Tag.BOOL.equals(tag)) {
      return YamlNode.ScalarNode.Kind.BOOLEAN;
    }
    if (Tag.NULL.equals(tag)) {
      return YamlNode.ScalarNode.Kind.NULL;
    }
    return YamlNode.ScalarNode.Kind.STRING;
  }

  private YamlNode mapping(String path, Mark mark, int depth) {
    List<YamlNode.Entry> entries = new ArrayList<>();
    Map<String, Mark> seen = new HashMap<>();
    Event event;
    while ((event = next()).getEventId() != Event.ID.MappingEnd) {
      Mark keyMark = markOf(event);
      if (!(event instanceof ScalarEvent key)) {
        checkNodeProperties(event, path, keyMark);
        problems.error(
            keyMark,
            path,
            "a key must be a plain word, not a "
                + (event.getEventId() == Event.ID.SequenceStart ? "list" : "mapping"));
        throw new Stop();
      }
      String name = key.getValue();
      String keyPath = Problems.child(path, name);
      checkNodeProperties(key, keyPath, keyMark);
      YamlNode value = value(next(), keyPath, depth + 1);
      Mark first = seen.putIfAbsent(name, keyMark);
      if (first != null) {
        problems.error(
            keyMark, keyPath, "duplicate key (first written at " + first + "); keep only one");
      } else {
        entries.add(new YamlNode.Entry(name, keyMark, value));
      }
    }
    return new YamlNode.MapNode(entries, mark);
  }

  private YamlNode sequence(String path, Mark mark, int depth) {
    List<YamlNode> items = new ArrayList<>();
    Event event;
    while ((event = next()).getEventId() != Event.ID.SequenceEnd) {
      items.add(value(event, Problems.item(path, items.size()), depth + 1));
    }
    return new YamlNode.SeqNode(items, mark);
  }

  private void checkDepth(String path, Mark mark, int depth) {
    if (depth > MAX_DEPTH) {
      problems.error(
          mark,
          path,
          "nested more than " + MAX_DEPTH + " levels deep; a desired-state file needs four");
      throw new Stop();
    }
  }

  /**
   * Anchors, aliases and tags end the read with one error: a file that has them was not written for
   * vifgate, and whatever follows would only add noise.
   */
  private void checkNodeProperties(Event event, String path, Mark mark) {
    if (event instanceof AliasEvent alias) {
      problems.error(
          mark,
          path,
          "aliases (*"
              + alias.getAlias().getValue()
              + ") are not allowed: write each value out in full (this also keeps alias bombs"
              + " out)");
      throw new Stop();
    }
    if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
      problems.error(
          mark,
          path,
          "anchors (&"
              + node.getAnchor().get().getValue()
              + ") are not allowed: write each value out in full (this also keeps alias bombs"
              + " out)");
      throw new Stop();
    }
    Optional<String> tag = Optional.empty();
    if (event instanceof ScalarEvent scalar) {
      tag = scalar.getTag();
    } else if (event instanceof CollectionStartEvent collection) {
      tag = collection.getTag();
    }
    if (tag.isPresent()) {
      problems.error(
          mark,
          path,
          "tags are not allowed (found '"
              + Messages.clip(displayTag(tag.get()))
              + "'): write a plain value; vifgate never builds objects from tags");
      throw new Stop();
    }
  }

  private static String displayTag(String tag) {
    if (tag.startsWith(CORE_TAG_PREFIX)) {
      return "!!" + tag.substring(CORE_TAG_PREFIX.length());
    }
    return tag.startsWith("!") ? tag : "!<" + tag + ">";
  }

  private void syntaxError(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
        var problemMark = marked.getProblemMark().get();
        String message = "syntax error: " + clean(marked.getProblem());
        if (marked.getContext() != null && marked.getContextMark().isPresent()) {
          var contextMark = marked.getContextMark().get();
          message +=
              " ("
                  + clean(marked.getContext())
                  + " at "
                  + (contextMark.getLine() + 1)
                  + ":"
                  + (contextMark.getColumn() + 1)
                  + ")";
        }
        problems.error(
            new Mark(problemMark.getLine() + 1, problemMark.getColumn() + 1), "", message);
        return;
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    problems.error(endOfLast(), "", "syntax error: " + clean(message));
  }

  private static String clean(String text) {
    String firstLine = text == null ? "" : text.strip().lines().findFirst().orElse("");
    return Messages.clip(firstLine.replace("\\t(TAB)", "tab"), 200);
  }

  private static Mark markOf(Event event) {
    return toMark(event.getStartMark());
  }

  private Mark endOfLast() {
    return last == null ? Mark.START : toMark(last.getEndMark());
  }

  private static Mark toMark(Optional<org.snakeyaml.engine.v2.exceptions.Mark> mark) {
    return mark.map(m -> new Mark(m.getLine() + 1, m.getColumn() + 1)).orElse(Mark.START);
  }

  /** Thrown after reporting a problem that makes the rest of the document unreadable. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

}
