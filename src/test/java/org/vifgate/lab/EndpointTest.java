package org.vifgate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointTest {

  @Test
  void addressesAreUniqueAndOnlyFromTheDocumentationRanges() {
    Set<String> seen = new HashSet<>();
    for (Endpoint e : Endpoint.values()) {
      assertTrue(e.ipv4().startsWith("198.51.100."), e.ipv4());
      assertTrue(e.vlanIpv4().startsWith("203.0.113."), e.vlanIpv4());
      assertTrue(e.ipv6().startsWith("fe80::"), e.ipv6());
      assertTrue(seen.add(e.ipv4()) && seen.add(e.ipv6()) && seen.add(e.mac()), e.toString());
      // Locally administered unicast: the second-lowest bit of the first octet set, lowest clear.
      assertEquals("02", e.mac().substring(0, 2));
      int host = Integer.parseInt(e.ipv4().substring(e.ipv4().lastIndexOf('.') + 1));
      assertEquals(e.onSecondBridge(), host >= 128, "each bridge has its own /25: " + e);
    }
  }

  @Test
  void guestsKnowTheirFirstDomainId() {
    assertEquals(1, Endpoint.GUEST1.initialDomid());
    assertEquals(2, Endpoint.GUEST2.initialDomid());
    assertThrows(IllegalArgumentException.class, Endpoint.LAN::initialDomid);
    assertTrue(Endpoint.DOM0_XENBR1.isDom0());
    assertFalse(Endpoint.LAN.isGuest());
  }

  @Test
  void pairsMustShareABridgeAndDiffer() {
    assertThrows(IllegalArgumentException.class, () -> EndpointPair.of(Endpoint.LAN, Endpoint.LAN));
    assertThrows(
        IllegalArgumentException.class,
        () -> EndpointPair.of(Endpoint.LAN_XENBR1, Endpoint.GUEST1));
    assertEquals(
        EndpointPair.of(Endpoint.GUEST1, Endpoint.LAN),
        EndpointPair.of(Endpoint.LAN, Endpoint.GUEST1).reversed());
  }
}
