package org.vifgate.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vifgate.config.ConfigLoader;
import org.vifgate.config.LoadResult;
import org.vifgate.config.Problem;
import org.vifgate.config.SchemaCheck;

/** How the watcher reads the desired-state file and reports what is wrong with it. */
public interface ConfigReader {

  /** Loads and checks the file, as every vifgate command does. */
  LoadResult load(Path file);

  /** Every problem of a file that did not load, as {@code vifgate validate} prints them. */
  List<Problem> problems(LoadResult result);

  /** The loader of every command, and the schema check of {@code validate} for the report. */
  static ConfigReader standard() {
    return new ConfigReader() {
      @Override
      public LoadResult load(Path file) {
        return ConfigLoader.load(file);
      }

      @Override
      public List<Problem> problems(LoadResult result) {
        List<Problem> problems = new ArrayList<>(result.problems());
        try {
          problems.addAll(
              SchemaCheck.notAlreadyReported(SchemaCheck.check(result), result.problems()));
        } catch (RuntimeException e) {
          // The loader's problems already make the file invalid; the schema's only add detail.
        }
        problems.sort(null);
        return problems;
      }
    };
  }
}
