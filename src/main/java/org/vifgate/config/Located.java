package org.vifgate.config;

/** A value read from the file, with its key path and where it was written, for later checks. */
record Located<T>(T value, String path, Mark mark) {}
