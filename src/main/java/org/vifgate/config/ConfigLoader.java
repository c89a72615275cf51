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

  /**
   * Loads a small built-in file, so that the YAML parser and the readers are initialized (their
   * classes and the parser's pattern tables, about 15 ms of a cold start): a command line runs this
   * on a second thread while picocli reads the arguments, and its own load then finds them ready.
   * Changes nothing and reports nothing.
   */
  public static void warmUp() {
    Problems problems = new Problems("warm-up");
    YamlTreeReader.read(WARM_UP, problems)
        .flatMap(tree -> StateReader.read(Path.of("warm-up.yaml"), tree, problems));
  }

  private static final String WARM_UP =
      "version: 1\nnode: A\nrole: passive\nbackend: nft\ndom0:\n  vifs: [vif0.0]\n"
          + "bridges:\n  - {name: xenbr0, uplink: peth0}\n";

  public static LoadResult load(Path file) {
    Problems problems = new Problems(file.toString());
    Optional<String> text = SourceFile.read(file, problems);
    Optional<YamlNode> tree = text.flatMap(t -> YamlTreeReader.read(t, problems));
    Optional<DesiredState> state = tree.flatMap(t -> StateReader.read(file, t, problems));
    return new LoadResult(file, state, problems.sorted(), tree);
  }
}
