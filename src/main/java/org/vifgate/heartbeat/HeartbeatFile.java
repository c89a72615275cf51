package org.vifgate.heartbeat;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The files vifgate renders for Heartbeat, with the mode each must have. */
public enum HeartbeatFile {
  HA_CF("ha.cf", "rw-r--r--", false),
  /** Heartbeat refuses to start when authkeys can be read by group or others. */
  AUTHKEYS("authkeys", "rw-------", true),
  HARESOURCES("haresources", "rw-r--r--", false),
  /**
   * The resource agent Heartbeat runs (under {@code resource.d/}, named as haresources names it);
   * executable, and readable by all like the agents the heartbeat package ships.
   */
  RESOURCE_AGENT("vifgate", "rwxr-xr-x", false);

  private final String fileName;
  private final String mode;
  private final boolean secret;

  HeartbeatFile(String fileName, String mode, boolean secret) {
    this.fileName = fileName;
    this.mode = mode;
    this.secret = secret;
  }

  /**
   * The name under Heartbeat's directory ({@code /etc/ha.d}); for the resource agent, its default
   * name under {@code resource.d/}.
   */
  public String fileName() {
    return fileName;
  }

  public Set<PosixFilePermission> permissions() {
    return PosixFilePermissions.fromString(mode);
  }

  /** Whether the content holds the key and must be shown redacted. */
  public boolean secret() {
    return secret;
  }
}
