package org.vifgate.doctor;

import java.util.ArrayList;
import java.util.List;

/** Runs checks in order; a check that throws becomes a FAIL of that check, the rest still run. */
public final class Doctor {

  private Doctor() {}

  public static List<Finding> run(List<Check> checks) {
    List<Finding> findings = new ArrayList<>();
    for (Check check : checks) {
      try {
        findings.add(check.run());
      } catch (Exception e) {
        findings.add(
            Finding.fail(
                check.name(),
                "could not check: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                ""));
      }
    }
    return findings;
  }

  public static boolean anyFailed(List<Finding> findings) {
    return findings.stream().anyMatch(f -> f.severity() == Severity.FAIL);
  }
}
