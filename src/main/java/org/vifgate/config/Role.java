package org.vifgate.config;

import java.util.Locale;

/** Whether this host's guests may use the network. */
public enum Role {
  ACTIVE,
  PASSIVE;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromId(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role '" + id + "' (active or passive)");
  }
}
