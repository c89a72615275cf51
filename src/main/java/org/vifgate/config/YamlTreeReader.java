package org.vifgate.config;

import java.io.Reader;
import java.io.StringReader;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Turns the text of one YAML document into a located {@link YamlNode} tree with Jackson's streaming
 * YAML parser.
 *
 * <p>Jackson quietly turns an alias into a plain string and drops tags, so this reader looks at the
 * YAML event behind each token itself: an anchor, an alias or an explicit tag stops the read with
 * one error (that is also what keeps "billion laughs" alias bombs and {@code !!java...} tags out),
 * a duplicate key is an error naming both places, and nesting deeper than {@link #MAX_DEPTH} stops
 * the read. Syntax errors carry the parser's line and column.
 */
final class YamlTreeReader {
  /** The real shape nests four deep; anything near this limit is a mistake or an attack. */
  static final int MAX_DEPTH = 16;

  private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final EventYamlFactory FACTORY = new EventYamlFactory();

  private final Problems problems;
  private EventYamlParser parser;

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
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), new StringReader(text))) {
      parser = (EventYamlParser) p;
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.fileError(SourceFile.emptyMessage());
        return Optional.empty();
      }
      YamlNode root = value(first, Problems.ROOT, 1);
      if (p.nextToken() != null) {
        problems.error(
            here(),
            "",
            "a second YAML document starts here; a desired-state file holds exactly one");
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (Stop stop) {
      return Optional.empty();
    } catch (JacksonException | org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
      syntaxError(e);
      return Optional.empty();
    } catch (RuntimeException e) {
      problems.error(safeHere(), "", "cannot parse the file: " + Messages.clip(String.valueOf(e)));
      return Optional.empty();
    }
  }

  private YamlNode value(JsonToken token, String path, int depth) {
    Mark mark = here();
    Event event = parser.lastEvent();
    checkNodeProperties(event, path, mark);
    switch (token) {
      case START_OBJECT:
        checkDepth(path, mark, depth);
        return mapping(path, mark, depth);
      case START_ARRAY:
        checkDepth(path, mark, depth);
        return sequence(path, mark, depth);
      case VALUE_STRING:
      case VALUE_EMBEDDED_OBJECT:
        {
          String text = scalarText(event);
          boolean emptyPlain = event instanceof ScalarEvent s && s.isPlain() && text.isEmpty();
          return scalar(
              text,
              emptyPlain ? YamlNode.ScalarNode.Kind.NULL : YamlNode.ScalarNode.Kind.STRING,
              mark);
        }
      case VALUE_NUMBER_INT:
        return scalar(scalarText(event), YamlNode.ScalarNode.Kind.INTEGER, mark);
      case VALUE_NUMBER_FLOAT:
        return scalar(scalarText(event), YamlNode.ScalarNode.Kind.FLOAT, mark);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return scalar(scalarText(event), YamlNode.ScalarNode.Kind.BOOLEAN, mark);
      case VALUE_NULL:
        return scalar(scalarText(event), YamlNode.ScalarNode.Kind.NULL, mark);
      default:
        problems.error(mark, path, "unexpected YAML token " + token);
        throw new Stop();
    }
  }

  private static YamlNode scalar(String text, YamlNode.ScalarNode.Kind kind, Mark mark) {
    return new YamlNode.ScalarNode(text, kind, mark);
  }

  private String scalarText(Event event) {
    if (event instanceof ScalarEvent s) {
      return s.getValue();
    }
    return parser.getString();
  }

  private YamlNode mapping(String path, Mark mark, int depth) {
    List<YamlNode.Entry> entries = new ArrayList<>();
    Map<String, Mark> seen = new HashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
      if (token != JsonToken.PROPERTY_NAME) {
        problems.error(here(), path, "expected a key, found " + token);
        throw new Stop();
      }
      Mark keyMark = here();
      String key = parser.currentName();
      String keyPath = Problems.child(path, key);
      checkNodeProperties(parser.lastEvent(), keyPath, keyMark);
      YamlNode value = value(parser.nextToken(), keyPath, depth + 1);
      Mark first = seen.putIfAbsent(key, keyMark);
      if (first != null) {
        problems.error(
            keyMark, keyPath, "duplicate key (first written at " + first + "); keep only one");
      } else {
        entries.add(new YamlNode.Entry(key, keyMark, value));
      }
    }
    return new YamlNode.MapNode(entries, mark);
  }

  private YamlNode sequence(String path, Mark mark, int depth) {
    List<YamlNode> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      items.add(value(token, Problems.item(path, items.size()), depth + 1));
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
    Mark mark = safeHere();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof JacksonException jackson) {
      message = jackson.getOriginalMessage();
      TokenStreamLocation location = jackson.getLocation();
      if (location != null && location.getLineNr() > 0) {
        mark = new Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
      }
    }
    problems.error(mark, "", "syntax error: " + clean(message));
  }

  private static String clean(String text) {
    String firstLine = text == null ? "" : text.strip().lines().findFirst().orElse("");
    return Messages.clip(firstLine.replace("\\t(TAB)", "tab"), 200);
  }

  private Mark here() {
    return toMark(parser.currentTokenLocation());
  }

  private Mark safeHere() {
    try {
      return parser == null ? Mark.START : toMark(parser.currentLocation());
    } catch (RuntimeException e) {
      return Mark.START;
    }
  }

  private static Mark toMark(TokenStreamLocation location) {
    if (location == null) {
      return Mark.START;
    }
    return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  /** Thrown after reporting a problem that makes the rest of the document unreadable. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  /** Jackson's YAML parser, opened up just enough to show the YAML event behind a token. */
  private static final class EventYamlParser extends YAMLParser {
    EventYamlParser(
        ObjectReadContext readContext,
        IOContext ioContext,
        BufferRecycler recycler,
        int streamReadFeatures,
        int formatReadFeatures,
        LoadSettings loadSettings,
        Reader reader) {
      super(
          readContext,
          ioContext,
          recycler,
          streamReadFeatures,
          formatReadFeatures,
          loadSettings,
          reader);
    }

    Event lastEvent() {
      return _lastEvent;
    }
  }

  /** Creates {@link EventYamlParser}s exactly as {@link YAMLFactory} creates its own parsers. */
  private static final class EventYamlFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    @Override
    protected YAMLParser _createParser(
        ObjectReadContext readContext, IOContext ioContext, Reader reader) {
      return new EventYamlParser(
          readContext,
          ioContext,
          _getBufferRecycler(),
          readContext.getStreamReadFeatures(_streamReadFeatures),
          readContext.getFormatReadFeatures(_formatReadFeatures),
          _loadSettings,
          reader);
    }
  }
}
