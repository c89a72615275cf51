package org.vifgate.lab;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Dom0Lab} is built.
 *
 * @param secondBridge also build {@code xenbr1} with {@code peth1} (lan side {@code eth1}) and
 *     dom0's {@code vif0.1} (dom0 side {@code eth1}), as on a real dom0 with two NICs
 * @param probeTimeout how long a probe waits for an answer before it reports "unreachable"; every
 *     blocked probe costs this much, so keep it short
 */
public record LabOptions(boolean secondBridge, Duration probeTimeout) {

  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(300);

  public LabOptions {
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    if (probeTimeout.compareTo(Duration.ofMillis(50)) < 0
        || probeTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("probe timeout must be 50 ms .. 10 s: " + probeTimeout);
    }
  }

  /** One bridge ({@code xenbr0}) and the default probe timeout. */
  public static LabOptions defaults() {
    return new LabOptions(false, DEFAULT_PROBE_TIMEOUT);
  }

  public LabOptions withSecondBridge() {
    return new LabOptions(true, probeTimeout);
  }

  public LabOptions withProbeTimeout(Duration timeout) {
    return new LabOptions(secondBridge, timeout);
  }
}
