package org.vifgate.lab;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.vifgate.exec.NetnsRunner;

/**
 * The names a lab gives to its namespaces, and the validation of every name that reaches an {@code
 * ip} command line. A lab only ever creates or deletes {@code <prefix>-dom0}, {@code <prefix>-lan},
 * {@code <prefix>-domu1} and {@code <prefix>-domu2}.
 */
public record LabNames(String prefix) {

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,11}");
  // IFNAMSIZ is 16 including the terminating NUL.
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

  /** Xen domain ids go up to 0x7FEF; 0 is dom0 itself. */
  static final int MAX_DOMID = 0x7FEF;

  public LabNames {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "invalid lab prefix '"
              + prefix
              + "': use 1-12 lower-case letters and digits, starting"
              + " with a letter");
    }
  }

  public String namespace(Endpoint endpoint) {
    return namespace(endpoint.space());
  }

  String namespace(Endpoint.Space space) {
    return NetnsRunner.requireValidName(prefix + "-" + space.suffix);
  }

  public String dom0() {
    return namespace(Endpoint.Space.DOM0);
  }

  /** Every namespace a lab with this prefix creates, in creation order. */
  public List<String> all() {
    return List.of(Endpoint.Space.values()).stream().map(this::namespace).toList();
  }

  /** The dom0 port of a guest interface: {@code vifD.N}. */
  static String vif(int domid, int index) {
    if (domid < 0 || domid > MAX_DOMID) {
      throw new IllegalArgumentException("domain id out of range 0.." + MAX_DOMID + ": " + domid);
    }
    if (index < 0 || index > 15) {
      throw new IllegalArgumentException("vif index out of range 0..15: " + index);
    }
    return requireInterfaceName(String.format(Locale.ROOT, "vif%d.%d", domid, index));
  }

  static String requireInterfaceName(String name) {
    if (name == null || !INTERFACE.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid interface name '" + name + "'");
    }
    return name;
  }
}
