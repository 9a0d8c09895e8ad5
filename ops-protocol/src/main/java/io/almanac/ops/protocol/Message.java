package io.almanac.ops.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One frame on the agent channel. The JSON form names the kind in a {@code type} field. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Register.class, name = "register"),
  @JsonSubTypes.Type(value = Registered.class, name = "registered"),
  @JsonSubTypes.Type(value = Heartbeat.class, name = "heartbeat"),
  @JsonSubTypes.Type(value = Command.class, name = "command"),
  @JsonSubTypes.Type(value = Cancel.class, name = "cancel"),
  @JsonSubTypes.Type(value = Report.class, name = "report"),
  @JsonSubTypes.Type(value = Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = Rejected.class, name = "rejected"),
  @JsonSubTypes.Type(value = StatusChecks.class, name = "status-checks"),
  @JsonSubTypes.Type(value = ComponentStates.class, name = "component-states")
})
public sealed interface Message
    permits Register,
        Registered,
        Heartbeat,
        Command,
        Cancel,
        Report,
        Ack,
        Rejected,
        StatusChecks,
        ComponentStates {

  /** The sender's id for this message; acknowledgements refer to it. */
  long id();
}
