package org.vifgate.config;

import java.util.Objects;

/**
 * A value that must never reach logs, plans or diffs. {@link #toString()} is redacted; only code
 * that writes the secret to its destination calls {@link #reveal()}.
 */
public final class Secret {
  public static final String REDACTED = "<redacted>";

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
