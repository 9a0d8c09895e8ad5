package io.almanac.ops.server.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns task statuses into stage status, request status and progress percent.
 * The scheduler, the store and the REST API all call these functions, so they cannot disagree.
 */
public final class StatusRules {

  /** Progress weight of a dispatched task that has not been picked up (Ambari's 0.09). */
  static final double QUEUED_WEIGHT = 0.09;

  /** Progress weight of a running task (Ambari's 0.35). */
  static final double RUNNING_WEIGHT = 0.35;

  private StatusRules() {}

  /** The status and role of one task, all the rules need to know. */
  public record TaskState(String role, TaskStatus status) {}

  /**
   * A stage's status.
   *
   * <p>A stage fails as soon as, for some role, the tasks that completed plus those still able to
   * complete are fewer than {@code successFraction} of that role's tasks: waiting longer could not
   * change the outcome. A holding task can still complete (the operator may retry it); a stage with
   * one is HOLDING. A skippable stage never fails; once all its tasks are terminal it is COMPLETED.
   */
  public static StageStatus stageStatus(
      Collection<TaskState> tasks, double successFraction, boolean skippable) {
    if (tasks.isEmpty()) {
      return StageStatus.COMPLETED;
    }
    int pending = 0;
    int unfinished = 0;
    int holding = 0;
    boolean anyFailed = false;
    boolean anyTimedOut = false;
    boolean anyAborted = false;
    Map<String, int[]> byRole = new HashMap<>(); // role -> {tasks, completed, unfinished}
    for (TaskState task : tasks) {
      int[] counts = byRole.computeIfAbsent(task.role(), r -> new int[3]);
      counts[0]++;
      switch (task.status()) {
        case PENDING -> {
          pending++;
          unfinished++;
          counts[2]++;
        }
        case QUEUED, IN_PROGRESS, LOST -> {
          unfinished++;
          counts[2]++;
        }
        case HOLDING_FAILED, HOLDING_TIMEDOUT -> {
          // a retry may still complete it
          holding++;
          counts[2]++;
        }
        case COMPLETED -> counts[1]++;
        case FAILED -> anyFailed = true;
        case TIMEDOUT -> anyTimedOut = true;
        case ABORTED -> anyAborted = true;
        case SKIPPED_FAILED -> {
          // tolerated by definition
          counts[1]++;
        }
      }
    }
    if (pending == tasks.size()) {
      return StageStatus.PENDING;
    }
    if (!skippable && !reachable(byRole, successFraction)) {
      if (anyFailed) {
        return StageStatus.FAILED;
      }
      if (anyTimedOut) {
        return StageStatus.TIMEDOUT;
      }
      return StageStatus.ABORTED;
    }
    if (holding > 0) {
      return StageStatus.HOLDING;
    }
    if (unfinished > 0) {
      return StageStatus.IN_PROGRESS;
    }
    if (anyAborted && !skippable && !anyFailed && !anyTimedOut && allAborted(tasks)) {
      return StageStatus.ABORTED;
    }
    return StageStatus.COMPLETED;
  }

  private static boolean allAborted(Collection<TaskState> tasks) {
    return tasks.stream().allMatch(t -> t.status() == TaskStatus.ABORTED);
  }

  /** A stored stage's status from its stored tasks. */
  public static StageStatus stageStatus(Stage stage, List<Task> stageTasks) {
    List<TaskState> states = new ArrayList<>(stageTasks.size());
    for (Task task : stageTasks) {
      states.add(new TaskState(task.role(), task.status()));
    }
    return stageStatus(states, stage.successFraction(), stage.skippable());
  }

  /** How many of {@code total} tasks must complete for a role to meet {@code fraction}. */
  public static int required(int total, double fraction) {
    // The small epsilon keeps 0.5 * 6 = 3 from becoming 4 through floating-point noise.
    return (int) Math.ceil(total * fraction - 1e-9);
  }

  private static boolean reachable(Map<String, int[]> byRole, double fraction) {
    for (int[] counts : byRole.values()) {
      if (counts[1] + counts[2] < required(counts[0], fraction)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A request's status from its stages' statuses, in order. An abort by the operator wins over
   * everything except a request that already finished.
   */
  public static StageStatus requestStatus(List<StageStatus> stages, boolean abortRequested) {
    boolean allPending = true;
    boolean allCompleted = true;
    for (StageStatus stage : stages) {
      if (stage == StageStatus.FAILED || stage == StageStatus.TIMEDOUT) {
        return stage;
      }
      allPending &= stage == StageStatus.PENDING;
      allCompleted &= stage == StageStatus.COMPLETED;
    }
    if (allCompleted) {
      return StageStatus.COMPLETED;
    }
    if (abortRequested || stages.contains(StageStatus.ABORTED)) {
      return StageStatus.ABORTED;
    }
    if (stages.contains(StageStatus.HOLDING)) {
      return StageStatus.HOLDING;
    }
    return allPending ? StageStatus.PENDING : StageStatus.IN_PROGRESS;
  }

  /**
   * Weighted progress over all tasks of a request: a queued task counts 9 %, a running one 35 %, a
   * finished one (whatever the outcome, holding included) 100 %.
   */
  public static int progressPercent(Collection<TaskStatus> tasks) {
    if (tasks.isEmpty()) {
      return 100;
    }
    double done = 0;
    for (TaskStatus status : tasks) {
      if (status.isTerminal() || status.isHolding()) {
        done += 1.0;
      } else if (status == TaskStatus.IN_PROGRESS || status == TaskStatus.LOST) {
        done += RUNNING_WEIGHT;
      } else if (status == TaskStatus.QUEUED) {
        done += QUEUED_WEIGHT;
      }
    }
    return (int) Math.floor(done / tasks.size() * 100);
  }
}
