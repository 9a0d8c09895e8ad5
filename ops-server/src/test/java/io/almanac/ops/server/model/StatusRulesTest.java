package io.almanac.ops.server.model;

import static io.almanac.ops.server.model.TaskStatus.ABORTED;
import static io.almanac.ops.server.model.TaskStatus.COMPLETED;
import static io.almanac.ops.server.model.TaskStatus.FAILED;
import static io.almanac.ops.server.model.TaskStatus.HOLDING_FAILED;
import static io.almanac.ops.server.model.TaskStatus.HOLDING_TIMEDOUT;
import static io.almanac.ops.server.model.TaskStatus.IN_PROGRESS;
import static io.almanac.ops.server.model.TaskStatus.PENDING;
import static io.almanac.ops.server.model.TaskStatus.QUEUED;
import static io.almanac.ops.server.model.TaskStatus.TIMEDOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.server.model.StatusRules.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

  private static List<TaskState> role(String role, TaskStatus... statuses) {
    List<TaskState> tasks = new ArrayList<>();
    for (TaskStatus status : statuses) {
      tasks.add(new TaskState(role, status));
    }
    return tasks;
  }

  private static List<TaskState> concat(List<TaskState> a, List<TaskState> b) {
    List<TaskState> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void emptyStageIsCompletedAndUntouchedStageIsPending() {
    assertThat(StatusRules.stageStatus(List.of(), 1.0, false)).isEqualTo(StageStatus.COMPLETED);
    assertThat(StatusRules.stageStatus(role("SHELL", PENDING, PENDING), 1.0, false))
        .isEqualTo(StageStatus.PENDING);
  }

  @Test
  void runningUntilEveryTaskIsDone() {
    assertThat(StatusRules.stageStatus(role("SHELL", COMPLETED, QUEUED), 1.0, false))
        .isEqualTo(StageStatus.IN_PROGRESS);
    assertThat(StatusRules.stageStatus(role("SHELL", COMPLETED, COMPLETED), 1.0, false))
        .isEqualTo(StageStatus.COMPLETED);
  }

  @Test
  void oneFailureFailsAStrictStageAtOnceWithoutWaitingForTheOthers() {
    assertThat(StatusRules.stageStatus(role("SHELL", FAILED, IN_PROGRESS, PENDING), 1.0, false))
        .isEqualTo(StageStatus.FAILED);
    assertThat(StatusRules.stageStatus(role("SHELL", TIMEDOUT, IN_PROGRESS), 1.0, false))
        .isEqualTo(StageStatus.TIMEDOUT);
  }

  @Test
  void aHoldingTaskHoldsItsStageAndTheRequestUntilTheOperatorDecides() {
    assertThat(StatusRules.stageStatus(role("SHELL", HOLDING_FAILED, IN_PROGRESS), 1.0, false))
        .as("a retry may still complete it: not FAILED")
        .isEqualTo(StageStatus.HOLDING);
    assertThat(StatusRules.stageStatus(role("SHELL", HOLDING_TIMEDOUT, COMPLETED), 1.0, false))
        .isEqualTo(StageStatus.HOLDING);
    assertThat(
            StatusRules.stageStatus(role("SHELL", HOLDING_FAILED, FAILED, COMPLETED), 1.0, false))
        .as("a failure beside the holding one still fails the stage")
        .isEqualTo(StageStatus.FAILED);
    assertThat(
            StatusRules.requestStatus(
                List.of(StageStatus.COMPLETED, StageStatus.HOLDING, StageStatus.PENDING), false))
        .isEqualTo(StageStatus.HOLDING);
    assertThat(
            StatusRules.requestStatus(
                List.of(StageStatus.COMPLETED, StageStatus.HOLDING, StageStatus.PENDING), true))
        .as("an abort wins")
        .isEqualTo(StageStatus.ABORTED);
    assertThat(StageStatus.isLive(StageStatus.HOLDING)).isTrue();
    assertThat(StatusRules.progressPercent(List.of(HOLDING_FAILED, PENDING))).isEqualTo(50);
  }

  @Test
  void successFractionIsPerRoleAndTheStageFailsOnlyWhenItCanNoLongerBeMet() {
    // 4 DATANODEs at 0.5: two may fail.
    List<TaskState> twoFailed = role("DATANODE", FAILED, FAILED, COMPLETED, IN_PROGRESS);
    assertThat(StatusRules.stageStatus(twoFailed, 0.5, false)).isEqualTo(StageStatus.IN_PROGRESS);
    List<TaskState> threeFailed = role("DATANODE", FAILED, FAILED, FAILED, IN_PROGRESS);
    assertThat(StatusRules.stageStatus(threeFailed, 0.5, false)).isEqualTo(StageStatus.FAILED);
    assertThat(
            StatusRules.stageStatus(
                role("DATANODE", FAILED, FAILED, COMPLETED, COMPLETED), 0.5, false))
        .isEqualTo(StageStatus.COMPLETED);
    // The fraction applies to each role on its own: a role on one host needs that host.
    List<TaskState> mixed =
        concat(role("DATANODE", FAILED, COMPLETED), role("NAMENODE", COMPLETED));
    assertThat(StatusRules.stageStatus(mixed, 0.5, false)).isEqualTo(StageStatus.COMPLETED);
    assertThat(StatusRules.stageStatus(mixed, 0.6, false)).isEqualTo(StageStatus.FAILED);
    List<TaskState> lostSingle =
        concat(role("DATANODE", COMPLETED, COMPLETED), role("NAMENODE", FAILED));
    assertThat(StatusRules.stageStatus(lostSingle, 0.5, false)).isEqualTo(StageStatus.FAILED);
  }

  @Test
  void requiredCountRoundsUpWithoutFloatingPointSurprises() {
    assertThat(StatusRules.required(6, 0.5)).isEqualTo(3);
    assertThat(StatusRules.required(3, 0.5)).isEqualTo(2);
    assertThat(StatusRules.required(10, 0.85)).isEqualTo(9);
    assertThat(StatusRules.required(7, 1.0)).isEqualTo(7);
    assertThat(StatusRules.required(7, 0.0)).isZero();
  }

  @Test
  void skippableStageNeverFails() {
    assertThat(StatusRules.stageStatus(role("CHECK", FAILED, IN_PROGRESS), 1.0, true))
        .isEqualTo(StageStatus.IN_PROGRESS);
    assertThat(StatusRules.stageStatus(role("CHECK", FAILED, COMPLETED), 1.0, true))
        .isEqualTo(StageStatus.COMPLETED);
  }

  @Test
  void abortedTasksMakeAnAbortedStage() {
    assertThat(StatusRules.stageStatus(role("SHELL", COMPLETED, ABORTED), 1.0, false))
        .isEqualTo(StageStatus.ABORTED);
    assertThat(StatusRules.stageStatus(role("SHELL", ABORTED, ABORTED), 1.0, false))
        .isEqualTo(StageStatus.ABORTED);
  }

  @Test
  void requestStatusFollowsItsStages() {
    assertThat(StatusRules.requestStatus(List.of(StageStatus.PENDING, StageStatus.PENDING), false))
        .isEqualTo(StageStatus.PENDING);
    assertThat(
            StatusRules.requestStatus(List.of(StageStatus.COMPLETED, StageStatus.PENDING), false))
        .isEqualTo(StageStatus.IN_PROGRESS);
    assertThat(
            StatusRules.requestStatus(List.of(StageStatus.COMPLETED, StageStatus.COMPLETED), false))
        .isEqualTo(StageStatus.COMPLETED);
    assertThat(StatusRules.requestStatus(List.of(StageStatus.FAILED, StageStatus.ABORTED), false))
        .isEqualTo(StageStatus.FAILED);
    assertThat(
            StatusRules.requestStatus(
                List.of(StageStatus.COMPLETED, StageStatus.IN_PROGRESS), true))
        .isEqualTo(StageStatus.ABORTED);
    // An abort that arrives after the last task finished changes nothing.
    assertThat(StatusRules.requestStatus(List.of(StageStatus.COMPLETED), true))
        .isEqualTo(StageStatus.COMPLETED);
  }

  @Test
  void progressUsesAmbariWeights() {
    assertThat(StatusRules.progressPercent(List.of())).isEqualTo(100);
    assertThat(StatusRules.progressPercent(List.of(PENDING, PENDING))).isZero();
    // (0.09 + 0.35 + 1 + 1) / 4 = 61 %
    assertThat(StatusRules.progressPercent(List.of(QUEUED, IN_PROGRESS, COMPLETED, FAILED)))
        .isEqualTo(61);
    assertThat(StatusRules.progressPercent(List.of(COMPLETED, ABORTED, TIMEDOUT))).isEqualTo(100);
  }
}
