package org.vifgate.config;

/** A Linux bridge the guests are plugged into, and the physical port enslaved to it. */
public record Bridge(String name, String uplink) {}
