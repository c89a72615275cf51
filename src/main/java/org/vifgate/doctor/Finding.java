package org.vifgate.doctor;

/**
 * The result of one check: one line for the operator, and a hint saying what to do (empty when
 * there is nothing to do).
 */
public record Finding(Severity severity, String check, String message, String hint) {

  public static Finding pass(String check, String message) {
    return new Finding(Severity.PASS, check, message, "");
  }

  public static Finding info(String check, String message) {
    return new Finding(Severity.INFO, check, message, "");
  }

  public static Finding warn(String check, String message, String hint) {
    return new Finding(Severity.WARN, check, message, hint);
  }

  public static Finding fail(String check, String message, String hint) {
    return new Finding(Severity.FAIL, check, message, hint);
  }
}
