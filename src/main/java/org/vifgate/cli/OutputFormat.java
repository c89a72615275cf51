package org.vifgate.cli;

/** {@code --output}: for people or for machines. */
enum OutputFormat {
  TEXT,
  JSON
}
