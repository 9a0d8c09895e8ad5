package io.almanac.ops.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void everyMessageKindSurvivesTheJsonForm() {
    List<Message> all =
        List.of(
            new Register(1, Messages.PROTOCOL_VERSION, "h1", "Linux 6.1", 2, 1 << 30, "0.1.0", 42L),
            new Registered(2, 1000L, 5),
            new Heartbeat(3, 99L),
            new Command(4, 17, 2, 3, 1, "3-1", "SHELL", "echo hi", 60),
            new Command(
                9,
                18,
                1,
                3,
                2,
                "3-2",
                "web",
                "RESTART demo/web",
                600,
                new ServiceStep(
                    ServiceAction.RESTART,
                    "demo",
                    "web",
                    new ComponentScripts(null, null, "start", "stop", "status"),
                    new Readiness(null, 8080, null, 30)),
                null),
            new Command(
                10,
                19,
                1,
                4,
                1,
                "4-1",
                "RUN",
                "./run.sh",
                60,
                null,
                new TaskInputs(
                    List.of(new TaskFile("run.sh", "dHJ1ZQo=", "0755")),
                    java.util.Map.of("A", "b"))),
            new Cancel(5, 17, 2, "request aborted"),
            new Report(6, 17, 2, ReportStatus.COMPLETED, 0, "hi\n", "", "{\"a\":1}", false),
            new Ack(7, 6),
            new Rejected(8, "protocol version 9 is not supported"),
            new StatusChecks(
                11, 60, List.of(new StatusChecks.StatusCheck("demo", "web", "exit 3"))),
            new ComponentStates(
                12, List.of(new ComponentStates.ComponentState("demo", "web", "STARTED", 5L))));
    for (Message message : all) {
      assertThat(Messages.fromJson(Messages.toJson(message))).isEqualTo(message);
    }
  }

  @Test
  void theKindIsNamedInTheTypeField() {
    assertThat(Messages.toJson(new Ack(7, 6))).contains("\"type\":\"ack\"");
  }

  @Test
  void unknownFieldsAreIgnoredAndUnknownKindsRefused() {
    assertThat(Messages.fromJson("{\"type\":\"ack\",\"id\":1,\"ackedId\":2,\"later\":true}"))
        .isEqualTo(new Ack(1, 2));
    assertThatThrownBy(() -> Messages.fromJson("{\"type\":\"reboot\",\"id\":1}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("reboot");
  }

  @Test
  void onlyInProgressReportsAreNotFinal() {
    assertThat(new Report(1, 1, 1, ReportStatus.IN_PROGRESS, null, "", "", null, false).isFinal())
        .isFalse();
    assertThat(new Report(1, 1, 1, ReportStatus.ABORTED, 143, "", "", null, false).isFinal())
        .isTrue();
  }
}
