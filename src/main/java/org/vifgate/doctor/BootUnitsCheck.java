package org.vifgate.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Nothing makes this host active at boot: Heartbeat alone may (the recipe's script "was never
 * started at boot"). A unit or script running {@code vifgate role active} would unblock the guests
 * of a node that has not yet heard its peer.
 *
 * @param root where the file system starts (/; a temporary tree in tests)
 */
public record BootUnitsCheck(Path root) implements Check {

  static final Pattern ROLE_ACTIVE = Pattern.compile("vifgate\\S*\\s(.*\\s)?role\\s+active\\b");

  @Override
  public String name() {
    return "no active at boot";
  }

  @Override
  public Finding run() throws Exception {
    List<BootFiles.Hit> hits = BootFiles.find(root, ROLE_ACTIVE);
    if (hits.isEmpty()) {
      return Finding.pass(name(), "no boot unit or script runs `vifgate role active`");
    }
    return Finding.fail(
        name(),
        "started at boot: `vifgate role active` in " + hits,
        "remove it: only Heartbeat (through the resource agent) may make a host active");
  }
}
