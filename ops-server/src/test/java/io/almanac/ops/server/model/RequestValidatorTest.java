package io.almanac.ops.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

  private static final Set<String> HOSTS = Set.of("h1", "h2");

  @Test
  void aWellFormedRequestHasNoProblems() {
    RequestSpec spec =
        new RequestSpec(
            "deploy",
            List.of(
                new StageSpec(
                    "one", 1.0, false, List.of(new TaskSpec("h1", "SHELL", "true", 60)))));
    assertThat(RequestValidator.problems(spec, HOSTS::contains)).isEmpty();
  }

  @Test
  void everyProblemIsNamedWithWhereItIs() {
    RequestSpec spec =
        new RequestSpec(
            "",
            List.of(
                new StageSpec(
                    "one",
                    1.5,
                    false,
                    List.of(
                        new TaskSpec("h9", "SHELL", "true", 60),
                        new TaskSpec("h1", "SHELL", " ", 0),
                        new TaskSpec("h1", "SHELL", "true", 10))),
                new StageSpec("two", 1.0, false, List.of())));
    assertThat(RequestValidator.problems(spec, HOSTS::contains))
        .containsExactly(
            "name is required",
            "stages[0].successFraction must be in (0, 1], got 1.5",
            "stages[0].tasks[0].host \"h9\" is not a registered agent (see GET /api/v1/hosts)",
            "stages[0].tasks[1].command is required",
            "stages[0].tasks[1].timeoutSeconds must be between 1 and 604800, got 0",
            "stages[0].tasks[2] repeats host \"h1\" with role \"SHELL\" in one stage"
                + " (set the stage's parallelPerHost to allow that)",
            "stages[1].tasks must list at least one task");
  }

  @Test
  void withParallelPerHostAHostAndRoleMayRepeatInAStage() {
    List<TaskSpec> tenOnH1 =
        java.util.stream.IntStream.range(0, 10)
            .mapToObj(i -> new TaskSpec("h1", "SHELL", "echo " + i, 60))
            .toList();
    assertThat(
            RequestValidator.problems(
                new RequestSpec("many", List.of(new StageSpec("one", 1.0, false, tenOnH1, 4))),
                HOSTS::contains))
        .isEmpty();
    assertThat(
            RequestValidator.problems(
                new RequestSpec("many", List.of(new StageSpec("one", 1.0, false, tenOnH1, 0))),
                HOSTS::contains))
        .containsExactly("stages[0].parallelPerHost must be between 1 and 1000, got 0");
    assertThat(
            RequestValidator.problems(
                new RequestSpec("many", List.of(new StageSpec("one", 1.0, false, tenOnH1))),
                HOSTS::contains))
        .hasSize(9);
  }

  @Test
  void missingStagesAndNullBodiesAreExplained() {
    assertThat(RequestValidator.problems(null, HOSTS::contains)).hasSize(1);
    assertThat(RequestValidator.problems(new RequestSpec("x", List.of()), HOSTS::contains))
        .containsExactly("\"stages\" must list at least one stage");
  }

  @Test
  void aCommandOverTheArgumentLimitIsRefusedBeforeItReachesAnAgent() {
    String fits = "echo " + "x".repeat(RequestValidator.MAX_COMMAND_BYTES - 5);
    String tooLong = fits + "x";
    assertThat(
            RequestValidator.problems(
                new RequestSpec(
                    "big",
                    List.of(
                        new StageSpec(
                            "one", 1.0, false, List.of(new TaskSpec("h1", "SHELL", fits, 60))))),
                HOSTS::contains))
        .isEmpty();
    assertThat(
            RequestValidator.problems(
                new RequestSpec(
                    "big",
                    List.of(
                        new StageSpec(
                            "one", 1.0, false, List.of(new TaskSpec("h1", "SHELL", tooLong, 60))))),
                HOSTS::contains))
        .containsExactly(
            "stages[0].tasks[0].command is 65537 bytes; at most 65536 are accepted "
                + "(put a longer script in a file and run that)");
  }
}
