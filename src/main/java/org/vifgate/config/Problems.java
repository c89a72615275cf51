package org.vifgate.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file; every check adds to it rather than stopping at the first. */
final class Problems {
  /** How the top level of the file is named in key paths. */
  static final String ROOT = "(top level)";

  private final String file;
  private final List<Problem> found = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void error(Mark at, String path, String message) {
    found.add(Problem.error(file, at.line(), at.column(), prefix(path) + message));
  }

  void warning(Mark at, String path, String message) {
    found.add(Problem.warning(file, at.line(), at.column(), prefix(path) + message));
  }

  void fileError(String message) {
    found.add(Problem.fileError(file, message));
  }

  boolean hasErrors() {
    return errorCount() > 0;
  }

  int errorCount() {
    return (int) found.stream().filter(Problem::isError).count();
  }

  List<Problem> sorted() {
    List<Problem> copy = new ArrayList<>(found);
    copy.sort(null);
    return List.copyOf(copy);
  }

  private static String prefix(String path) {
    return path == null || path.isEmpty() ? "" : path + ": ";
  }

  /** {@code parent.key}, or just {@code key} at the top level. */
  static String child(String parent, String key) {
    return parent.isEmpty() || parent.equals(ROOT) ? key : parent + "." + key;
  }

  /** {@code parent[index]}. */
  static String item(String parent, int index) {
    return (parent.equals(ROOT) ? "" : parent) + "[" + index + "]";
  }
}
