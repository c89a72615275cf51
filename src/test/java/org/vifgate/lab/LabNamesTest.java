package org.vifgate.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabNamesTest {

  @Test
  void namesEveryNamespaceFromThePrefix() {
    LabNames names = new LabNames("vg1");
    assertEquals(List.of("vg1-dom0", "vg1-lan", "vg1-domu1", "vg1-domu2"), names.all());
    assertEquals("vg1-domu2", names.namespace(Endpoint.GUEST2));
    assertEquals("vg1-dom0", names.namespace(Endpoint.DOM0_XENBR1));
    assertEquals("vg1-lan", names.namespace(Endpoint.LAN_XENBR1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Lab", "1lab", "a-b", "a.b", "../x", "abcdefghijklm", "a b"})
  void rejectsPrefixesThatCouldEscapeOrOverflow(String prefix) {
    assertThrows(IllegalArgumentException.class, () -> new LabNames(prefix));
  }

  @Test
  void vifNamesFollowXenAndFitInAnInterfaceName() {
    assertEquals("vif0.0", LabNames.vif(0, 0));
    assertEquals("vif7.0", LabNames.vif(7, 0));
    assertEquals("vif32751.15", LabNames.vif(LabNames.MAX_DOMID, 15));
    assertThrows(IllegalArgumentException.class, () -> LabNames.vif(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> LabNames.vif(LabNames.MAX_DOMID + 1, 0));
    assertThrows(IllegalArgumentException.class, () -> LabNames.vif(1, 16));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-eth0", "eth 0", "eth0;ls", "abcdefghijklmnop", "a/b"})
  void rejectsBadInterfaceNames(String name) {
    assertThrows(IllegalArgumentException.class, () -> LabNames.requireInterfaceName(name));
  }
}
