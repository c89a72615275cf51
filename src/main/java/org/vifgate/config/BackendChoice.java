package org.vifgate.config;

import java.util.Locale;

/** The {@code backend:} key: a fixed backend, or {@code auto} to detect the one in use. */
public enum BackendChoice {
  AUTO,
  LEGACY,
  NFT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
