package io.almanac.ops.protocol;

/** A frame that is not a message of this protocol version. */
public class ProtocolException extends RuntimeException {
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
