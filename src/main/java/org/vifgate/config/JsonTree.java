package org.vifgate.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The located tree as a Jackson {@link JsonNode}, for the JSON Schema validator. */
final class JsonTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTree() {}

  static JsonNode of(YamlNode node) {
    if (node instanceof YamlNode.MapNode map) {
      ObjectNode object = NODES.objectNode();
      map.entries().forEach(e -> object.set(e.key(), of(e.value())));
      return object;
    }
    if (node instanceof YamlNode.SeqNode seq) {
      ArrayNode array = NODES.arrayNode();
      seq.items().forEach(item -> array.add(of(item)));
      return array;
    }
    YamlNode.ScalarNode scalar = (YamlNode.ScalarNode) node;
    switch (scalar.kind()) {
      case INTEGER:
      case FLOAT:
        return number(scalar.text());
      case BOOLEAN:
        return NODES.booleanNode(Boolean.parseBoolean(scalar.text()));
      case NULL:
        return NODES.nullNode();
      default:
        return NODES.stringNode(scalar.text());
    }
  }

  private static JsonNode number(String text) {
    try {
      return NODES.numberNode(new BigInteger(text));
    } catch (NumberFormatException notInteger) {
      try {
        return NODES.numberNode(new BigDecimal(text));
      } catch (NumberFormatException notDecimal) {
        // .inf and .nan: still a number to the schema, and never a valid one here.
        return NODES.numberNode(
            text.toLowerCase(java.util.Locale.ROOT).contains("nan")
                ? Double.NaN
                : Double.POSITIVE_INFINITY);
      }
    }
  }
}
