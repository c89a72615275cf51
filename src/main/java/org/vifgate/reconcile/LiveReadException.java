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

  /** What a read run on another thread failed with, as the reader threw it when it was one of these. */
  static LiveReadException of(java.util.concurrent.ExecutionException e) {
    return e.getCause() instanceof LiveReadException live
        ? live
        : new LiveReadException("reading live rules failed: " + e.getCause(), e.getCause());
  }
}
