package org.vifgate.doctor;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files that start things at boot (systemd units, init scripts, rc.local, cron, ifupdown
 * hooks), searched for lines that run vifgate. Only read; links are read through but never walked
 * into.
 */
final class BootFiles {

  static final List<String> PLACES =
      List.of(
          "etc/systemd/system",
          "lib/systemd/system",
          "usr/lib/systemd/system",
          "etc/init.d",
          "etc/rc.local",
          "etc/cron.d",
          "etc/crontab",
          "etc/network/if-up.d",
          "etc/network/interfaces");

  private static final long MAX_SIZE = 1 << 20;

  /** One matching line. */
  record Hit(Path file, int line, String text) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  private BootFiles() {}

  static List<Hit> find(Path root, Pattern pattern) throws IOException {
    List<Hit> hits = new ArrayList<>();
    for (String place : PLACES) {
      Path start = root.resolve(place);
      if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(start, 3)) {
        files =
            walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
      }
      for (Path file : files) {
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_SIZE) {
          continue;
        }
        List<String> lines;
        try {
          lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException | java.nio.file.AccessDeniedException e) {
          continue;
        }
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (!line.startsWith("#") && pattern.matcher(line).find()) {
            hits.add(new Hit(file, i + 1, line));
          }
        }
      }
    }
    return hits;
  }
}
