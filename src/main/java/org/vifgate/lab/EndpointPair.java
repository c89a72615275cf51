package org.vifgate.lab;

import java.util.Objects;

/** One direction of traffic: probes are sent by {@code from} and judged at {@code to}. */
public record EndpointPair(Endpoint from, Endpoint to) {

  public EndpointPair {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from == to) {
      throw new IllegalArgumentException("an endpoint cannot probe itself: " + from);
    }
    if (!from.bridge().equals(to.bridge())) {
      throw new IllegalArgumentException(
          from + " (" + from.bridge() + ") and " + to + " (" + to.bridge() + ") share no bridge");
    }
  }

  public static EndpointPair of(Endpoint from, Endpoint to) {
    return new EndpointPair(from, to);
  }

  public EndpointPair reversed() {
    return new EndpointPair(to, from);
  }

  @Override
  public String toString() {
    return from + "->" + to;
  }
}
