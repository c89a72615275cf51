package org.vifgate.doctor;

/** How bad a finding is; doctor exits 1 when any finding is {@link #FAIL}. */
public enum Severity {
  PASS,
  INFO,
  WARN,
  FAIL
}
