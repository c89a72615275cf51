package org.vifgate.reconcile;

/** A reconcile could not complete. The message says what was and was not changed. */
public final class ReconcileException extends Exception {
  private static final long serialVersionUID = 1L;

  public ReconcileException(String message) {
    super(message);
  }

  public ReconcileException(String message, Throwable cause) {
    super(message, cause);
  }
}
