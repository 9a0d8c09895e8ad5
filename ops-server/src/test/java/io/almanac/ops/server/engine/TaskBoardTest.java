package io.almanac.ops.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.Task;
import io.almanac.ops.server.model.TaskOutcome;
import io.almanac.ops.server.model.TaskSpec;
import io.almanac.ops.server.model.TaskStatus;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.RequestStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's in-memory tasks follow every change the store makes, without reading again. */
class TaskBoardTest {

  @TempDir Path dir;

  private static RequestSpec twoTasks() {
    return new RequestSpec(
        "r",
        List.of(
            new StageSpec(
                "s",
                1.0,
                false,
                List.of(
                    new TaskSpec("h1", "SHELL", "true", 60),
                    new TaskSpec("h2", "SHELL", "true", 60)))));
  }

  @Test
  void changesMadeThroughTheStoreShowWithoutAnotherRead() throws Exception {
    TaskBoard board = new TaskBoard();
    RequestStore store = new RequestStore(board);
    try (OpsDatabase db = OpsDatabase.open(OpsDatabase.embeddedUrl(dir), null, null)) {
      long held = db.inTransaction(c -> store.insert(c, twoTasks(), 1000));
      long other = db.inTransaction(c -> store.insert(c, twoTasks(), 1000));
      List<Task> tasks = db.read(c -> board.tasks(c, store, held));
      Task first = tasks.get(0);
      Task otherTask = db.read(c -> store.tasks(c, other)).get(0);

      db.inTransaction(
          c -> {
            store.markDispatched(c, first, 2000);
            store.markRunning(c, first.taskId(), "out", "");
            store.markDispatched(c, otherTask, 2000); // not held: ignored
            return null;
          });
      assertThat(tasks.get(0).status()).isEqualTo(TaskStatus.IN_PROGRESS);
      assertThat(tasks.get(0).attempt()).isEqualTo(1);
      assertThat(tasks.get(1).status()).isEqualTo(TaskStatus.PENDING);

      db.inTransaction(
          c -> {
            store.finish(c, first.taskId(), TaskOutcome.verdict(TaskStatus.FAILED, "x"), 3000);
            return null;
          });
      List<Task> again = db.read(c -> board.tasks(c, store, held));
      assertThat(again).isSameAs(tasks);
      assertThat(tasks.get(0).status()).isEqualTo(TaskStatus.FAILED);
      // what the board holds is what the database holds
      List<Task> stored = db.read(c -> store.tasks(c, held));
      assertThat(tasks.stream().map(t -> t.status() + "/" + t.attempt()).toList())
          .isEqualTo(stored.stream().map(t -> t.status() + "/" + t.attempt()).toList());
      assertThat(board.size()).isEqualTo(1);

      board.clear();
      assertThat(board.size()).isZero();
      List<Task> reread = db.read(c -> board.tasks(c, store, held));
      assertThat(reread).isNotSameAs(tasks);
      board.forget(held);
      assertThat(board.size()).isZero();
    }
  }
}
