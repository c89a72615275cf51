package org.vifgate.reconcile;

/** The live rules could not be read or understood; nothing was changed. */
public final class LiveReadException extends Exception {
  private static final long serialVersionUID = 1L;

  public LiveReadException(String message) {
    super(message);
  }

  public LiveReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
