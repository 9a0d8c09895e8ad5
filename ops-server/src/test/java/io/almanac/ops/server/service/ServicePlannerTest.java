package io.almanac.ops.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.ops.protocol.ComponentScripts;
import io.almanac.ops.protocol.ServiceAction;
import io.almanac.ops.server.engine.InvalidRequestException;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.TaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePlannerTest {
  private static final ComponentScripts SCRIPTS =
      new ComponentScripts("i", "c", "start", "stop", "status");

  private static ComponentDefinition component(
      String name, ComponentCategory category, List<String> hosts, String... startAfter) {
    return new ComponentDefinition(name, category, hosts, SCRIPTS, List.of(startAfter), null, null);
  }

  /** Defined out of order on purpose: web needs db and cache, cache needs db. */
  private static final ServiceDefinition DEF =
      new ServiceDefinition(
          "shop",
          List.of(
              component("web", ComponentCategory.WORKER, List.of("h1", "h2", "h3"), "db", "cache"),
              component("cache", ComponentCategory.WORKER, List.of("h2"), "db"),
              component("db", ComponentCategory.MASTER, List.of("h1")),
              component("cli", ComponentCategory.CLIENT, List.of("h3"))));

  private static RequestSpec plan(String action, List<String> components, Integer batch)
      throws InvalidRequestException {
    return ServicePlanner.plan(DEF, new ServiceActionSpec(action, components, batch, null, null));
  }

  @Test
  void startFollowsStartAfterAndStopGoesInReverseWithoutClients() throws Exception {
    assertThat(plan("START", null, null).stages())
        .extracting(StageSpec::name)
        .containsExactly("START shop/db", "START shop/cache", "START shop/web");
    assertThat(plan("stop", null, null).stages())
        .extracting(StageSpec::name)
        .containsExactly("STOP shop/web", "STOP shop/cache", "STOP shop/db");
    assertThat(plan("INSTALL", null, null).stages()).hasSize(4);
  }

  @Test
  void aRollingRestartHasOneStageAPauseAndTheStepPerBatch() throws Exception {
    RequestSpec rolling =
        ServicePlanner.plan(DEF, new ServiceActionSpec("RESTART", List.of("web"), 2, 30, 1));
    assertThat(rolling.name()).isEqualTo("RESTART shop web");
    assertThat(rolling.stages())
        .extracting(StageSpec::name)
        .containsExactly(
            "RESTART shop/web (batch 1 of 2)", "pause 30 s", "RESTART shop/web (batch 2 of 2)");
    StageSpec first = rolling.stages().get(0);
    assertThat(first.tasks()).extracting(TaskSpec::host).containsExactly("h1", "h2");
    assertThat(first.successFraction()).isEqualTo(0.5); // one of two may fail
    assertThat(rolling.stages().get(2).successFraction()).isEqualTo(1.0); // at least one
    TaskSpec task = first.tasks().get(0);
    assertThat(task.service().action()).isEqualTo(ServiceAction.RESTART);
    assertThat(task.service().component()).isEqualTo("web");
    assertThat(task.timeoutSeconds()).isEqualTo(2 * ComponentDefinition.DEFAULT_TIMEOUT_SECONDS);
    assertThat(rolling.stages().get(1).tasks().get(0).command()).isEqualTo("sleep 30");
    assertThat(rolling.holdOnFailure()).isFalse();
    assertThat(
            ServicePlanner.plan(
                    DEF, new ServiceActionSpec("RESTART", List.of("web"), 1, null, null, true))
                .holdOnFailure())
        .isTrue();
  }

  @Test
  void statusAsksEveryRunningComponentInOneStage() throws Exception {
    List<StageSpec> stages = plan("STATUS", null, null).stages();
    assertThat(stages).hasSize(1);
    assertThat(stages.get(0).tasks()).hasSize(5);
  }

  @Test
  void badActionsAreRefusedWithEveryProblem() {
    assertThatThrownBy(
            () ->
                ServicePlanner.plan(DEF, new ServiceActionSpec("BOUNCE", List.of("x"), 0, -1, -2)))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(
            e ->
                assertThat(((InvalidRequestException) e).problems())
                    .hasSize(5)
                    .anyMatch(p -> p.contains("\"BOUNCE\""))
                    .anyMatch(p -> p.contains("\"x\" is not a component of shop")));
    assertThatThrownBy(() -> plan("START", List.of("cli"), null))
        .hasMessageContaining("applies to no chosen component");
  }

  @Test
  void theValidatorFindsCyclesAndMissingScripts() {
    ServiceDefinition loop =
        new ServiceDefinition(
            "loop",
            List.of(
                component("a", ComponentCategory.WORKER, List.of("h1"), "b"),
                component("b", ComponentCategory.WORKER, List.of("h1"), "a")));
    assertThat(ServiceValidator.problems(loop, "loop"))
        .containsExactly("startAfter makes a cycle: a -> b -> a");
    assertThat(ServiceValidator.problems(DEF, "shop")).isEmpty();
    assertThat(ServiceValidator.problems(DEF, "other"))
        .containsExactly("name \"shop\" differs from the name in the path \"other\"");
    ServiceDefinition bare =
        new ServiceDefinition(
            "bare",
            List.of(
                new ComponentDefinition(
                    "x", ComponentCategory.MASTER, List.of(), null, null, null, 0)));
    assertThat(ServiceValidator.problems(bare, "bare"))
        .contains(
            "components[0].hosts must list at least one host",
            "components[0].scripts.start is required for a MASTER component",
            "components[0].timeoutSeconds must be between 1 and 86400, got 0");
  }
}
