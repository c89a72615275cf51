package org.vifgate.config;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks a loaded file against {@code schema/vifgate.schema.json} (JSON Schema draft 2020-12), the
 * schema editors use. {@link ConfigLoader} already checks everything the schema can express and
 * more; this check proves that the two agree, and catches a loader gap if they ever do not. It is
 * kept apart from the loader because the validator is slow to start, and the loader runs on every
 * role flip.
 */
public final class SchemaCheck {
  /** Where the schema sits on the class path (the build copies {@code schema/} there). */
  public static final String RESOURCE = "/schema/vifgate.schema.json";

  private SchemaCheck() {}

  /**
   * The schema's problems with the file, located like the loader's; empty when the schema accepts
   * it or when the YAML could not be read at all (the loader has reported why).
   */
  public static List<Problem> check(LoadResult result) {
    return result.tree().map(tree -> check(result.source().toString(), tree)).orElse(List.of());
  }

  static List<Problem> check(String file, YamlNode tree) {
    List<Error> errors = Holder.SCHEMA.validate(JsonTree.of(tree));
    LinkedHashSet<Problem> found = new LinkedHashSet<>();
    for (Error error : errors) {
      found.add(locate(file, tree, error));
    }
    List<Problem> sorted = new ArrayList<>(found);
    sorted.sort(null);
    return List.copyOf(sorted);
  }

  /**
   * The schema problems that the loader has not already reported, so that one mistake is not
   * printed twice: a schema problem is dropped when the loader has an error at the same place, or
   * about the same key or one inside it. What is left means the loader missed something.
   */
  public static List<Problem> notAlreadyReported(List<Problem> schema, List<Problem> loader) {
    List<Problem> left = new ArrayList<>();
    for (Problem candidate : schema) {
      String path = keyPath(candidate);
      boolean explained =
          loader.stream()
              .filter(Problem::isError)
              .anyMatch(
                  known ->
                      (known.line() == candidate.line() && known.column() == candidate.column())
                          || within(keyPath(known), path));
      if (!explained) {
        left.add(candidate);
      }
    }
    return List.copyOf(left);
  }

  private static String keyPath(Problem problem) {
    int end = problem.message().indexOf(": ");
    return end < 0 ? "" : problem.message().substring(0, end);
  }

  private static boolean within(String path, String ancestor) {
    return ancestor.equals(Problems.ROOT)
        || path.equals(ancestor)
        || path.startsWith(ancestor + ".")
        || path.startsWith(ancestor + "[");
  }

  /** Finds the node an error is about, and the key when the error names one. */
  private static Problem locate(String file, YamlNode tree, Error error) {
    NodePath location = error.getInstanceLocation();
    YamlNode node = tree;
    String path = Problems.ROOT;
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      Optional<YamlNode> next = Optional.empty();
      if (element instanceof Integer index
          && node instanceof YamlNode.SeqNode seq
          && index < seq.items().size()) {
        next = Optional.of(seq.items().get(index));
        path = Problems.item(path, index);
      } else if (node instanceof YamlNode.MapNode map) {
        String key = String.valueOf(element);
        next = map.entry(key).map(YamlNode.Entry::value);
        path = Problems.child(path, key);
      }
      if (next.isEmpty()) {
        break;
      }
      node = next.get();
    }
    Mark mark = node.mark();
    String property = error.getProperty();
    if (property != null && node instanceof YamlNode.MapNode map) {
      path = Problems.child(path, property);
      Optional<YamlNode.Entry> entry = map.entry(property);
      if (entry.isPresent()) {
        mark = entry.get().keyMark();
      }
    }
    String message = path + ": " + error.getMessage() + " (schema: " + error.getKeyword() + ")";
    return Problem.error(file, mark.line(), mark.column(), message);
  }

  /** Loads the schema on first use only: {@code vifgate validate} needs it, nothing else does. */
  private static final class Holder {
    static final Schema SCHEMA = load();

    private static Schema load() {
      try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "the JSON schema " + RESOURCE + " is missing from the build");
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
