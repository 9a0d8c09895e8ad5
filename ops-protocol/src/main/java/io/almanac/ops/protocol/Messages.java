package io.almanac.ops.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON form of {@link Message}s. Unknown fields are ignored so either side may add some. */
public final class Messages {

  /**
   * Bumped when a message changes in a way an older peer cannot read. 2: commands may carry a
   * service step or files (an agent of version 1 would run the step's summary as a shell command),
   * and the status-check messages.
   */
  public static final int PROTOCOL_VERSION = 2;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Messages() {}

  public static String toJson(Message message) {
    try {
      return MAPPER.writerFor(Message.class).writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads one frame.
   *
   * @throws ProtocolException when the text is not a message this version understands
   */
  public static Message fromJson(String text) {
    try {
      return MAPPER.readValue(text, Message.class);
    } catch (JsonProcessingException e) {
      throw new ProtocolException("unreadable message: " + e.getOriginalMessage(), e);
    }
  }
}
