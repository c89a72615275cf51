package org.vifgate.config;

/** A 1-based line and column in the desired-state file. */
record Mark(int line, int column) {
  static final Mark START = new Mark(1, 1);

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
