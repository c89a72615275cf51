package org.vifgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ConfigLoader#load} found: the state when the file is valid, and every problem
 * (warnings included) sorted by position. A file is valid when it has no errors; warnings never
 * make it invalid.
 */
public final class LoadResult {
  private final Path source;
  private final Optional<DesiredState> state;
  private final List<Problem> problems;
  private final Optional<YamlNode> tree;

  LoadResult(
      Path source, Optional<DesiredState> state, List<Problem> problems, Optional<YamlNode> tree) {
    this.source = source;
    this.problems = List.copyOf(problems);
    this.state = problems.stream().anyMatch(Problem::isError) ? Optional.empty() : state;
    this.tree = tree;
    if (this.state.isEmpty() && errors().isEmpty()) {
      throw new IllegalArgumentException("no state and no error for " + source);
    }
  }

  public Path source() {
    return source;
  }

  /** Present exactly when the file has no errors. */
  public Optional<DesiredState> state() {
    return state;
  }

  public boolean isValid() {
    return state.isPresent();
  }

  /** Errors and warnings, sorted by line and column. */
  public List<Problem> problems() {
    return problems;
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /**
   * The state, for commands that cannot go on without one.
   *
   * @throws InvalidConfigException listing every error and warning when the file has errors
   */
  public DesiredState orElseThrow() {
    return state.orElseThrow(() -> new InvalidConfigException(problems));
  }

  /** The parsed tree, for the schema check; empty when the YAML itself could not be read. */
  Optional<YamlNode> tree() {
    return tree;
  }
}
