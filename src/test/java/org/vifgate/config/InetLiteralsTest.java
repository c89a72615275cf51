package org.vifgate.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InetLiteralsTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "198.51.100.10", "10.0.0.1"})
  void parsesIpv4LikeTheJdkDoes(String text) throws Exception {
    // InetAddress.getByName does no lookup for a literal, so it is a fair reference here.
    assertArrayEquals(
        InetAddress.getByName(text).getAddress(), InetLiterals.ipv4(text).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.-1",
        "01.2.3.4",
        "1.2.3.04",
        "1..2.3",
        "a.b.c.d",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1.2.3.4/24",
        "localhost",
        "xen-b.example",
        "١.٢.٣.٤"
      })
  void refusesWhatIsNotADottedQuad(String text) {
    assertEquals(Optional.empty(), InetLiterals.ipv4(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::",
        "::1",
        "2001:db8::1",
        "2001:db8:0:0:0:0:0:1",
        "fe80::1:2:3:4",
        "1:2:3:4:5:6:7:8",
        "::ffff:192.0.2.1",
        "64:ff9b::198.51.100.1",
        "1::",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "ABCD:ef01::"
      })
  void parsesIpv6LikeTheJdkDoes(String text) throws Exception {
    byte[] expected = InetAddress.getByName(text).getAddress();
    byte[] actual = InetLiterals.ipv6(text).orElseThrow();
    if (expected.length == 4) {
      // The JDK folds ::ffff:a.b.c.d into an IPv4 address.
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 12, 16));
    } else {
      assertArrayEquals(expected, actual);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "1:::2",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "12345::",
        "g::1",
        ":1::",
        "1::2:",
        "1.2.3.4::",
        "::1.2.3",
        "fe80::1%eth0",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "192.0.2.1"
      })
  void refusesMalformedIpv6(String text) {
    assertEquals(Optional.empty(), InetLiterals.ipv6(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"224.0.0.1", "239.255.255.255", "224.0.0.18"})
  void knowsMulticastGroups(String text) {
    assertTrue(InetLiterals.isIpv4Multicast(InetLiterals.ipv4(text).orElseThrow()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"223.255.255.255", "240.0.0.1", "192.0.2.1"})
  void knowsWhatIsNotMulticast(String text) {
    assertFalse(InetLiterals.isIpv4Multicast(InetLiterals.ipv4(text).orElseThrow()));
  }
}
