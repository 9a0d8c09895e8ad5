package io.almanac.ops.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Values kept as JSON text in a column (a task's service step, its inputs); NULL for none. */
final class StoredJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredJson() {}

  static String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(value.getClass().getSimpleName() + " did not serialize", e);
    }
  }

  static <T> T fromJson(String json, Class<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored " + type.getSimpleName() + " is not readable", e);
    }
  }
}
