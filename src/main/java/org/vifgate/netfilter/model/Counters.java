package org.vifgate.netfilter.model;

/** Packet and byte counters as a save tool printed them. */
public record Counters(long packets, long bytes) {
  public static final Counters ZERO = new Counters(0, 0);
}
