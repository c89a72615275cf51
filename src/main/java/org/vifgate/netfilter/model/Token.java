package org.vifgate.netfilter.model;

/**
 * One word of a rule: {@code raw} exactly as the tool printed it (quotes and escapes included) and
 * {@code value} with the quoting removed. {@code --comment "a \"b\""} gives raw {@code "a \"b\""}
 * and value {@code a "b"}.
 */
public record Token(String raw, String value) {
  public static Token bare(String value) {
    return new Token(value, value);
  }
}
