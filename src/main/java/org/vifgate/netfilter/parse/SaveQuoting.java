package org.vifgate.netfilter.parse;

/**
 * The quoting iptables' save tools apply to free-text values such as {@code --comment} and
 * {@code --log-prefix}: a value made only of {@code [A-Za-z0-9_-]} is printed bare; anything else
 * (the empty string included) is printed in double quotes with a backslash before {@code "},
 * {@code \} and {@code '}. Newlines and tabs are printed raw, inside the quotes.
 *
 * <p>ebtables-nft-save does not follow this: it always quotes its prefixes and never escapes.
 */
public final class SaveQuoting {

  private SaveQuoting() {}

  /** True when iptables-save prints {@code value} without quotes. */
  public static boolean isBare(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!safe) {
        return false;
      }
    }
    return true;
  }

  /** {@code value} exactly as iptables-save would print it. */
  public static String quote(String value) {
    if (isBare(value)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == '\'') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
