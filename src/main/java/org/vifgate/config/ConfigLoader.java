package org.vifgate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads and checks a desired-state file: the file itself, its YAML, its shape and its meaning.
 * Every problem found is reported, not just the first, each with its line and column.
 *
 * <p>This runs on every role flip, which is a fresh JVM, so it stays lean: a streaming YAML parser,
 * no data binding and no JSON Schema validator (that is {@link SchemaCheck}, which only {@code
 * vifgate validate} runs). Apart from reading the one file it has no side effects.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static LoadResult load(Path file) {
    Problems problems = new Problems(file.toString());
    Optional<String> text = SourceFile.read(file, problems);
    Optional<YamlNode> tree = text.flatMap(t -> YamlTreeReader.read(t, problems));
    Optional<DesiredState> state = tree.flatMap(t -> StateReader.read(file, t, problems));
    return new LoadResult(file, state, problems.sorted(), tree);
  }
}
