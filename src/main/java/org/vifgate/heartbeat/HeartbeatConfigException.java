package org.vifgate.heartbeat;

/**
 * The Heartbeat settings cannot be turned into files Heartbeat accepts, or the key cannot be read.
 * The message is written for the operator and names the directive or file at fault; it never
 * contains the key.
 */
public final class HeartbeatConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HeartbeatConfigException(String message) {
    super(message);
  }

  public HeartbeatConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
