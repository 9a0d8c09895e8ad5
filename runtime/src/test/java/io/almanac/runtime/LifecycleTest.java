package io.almanac.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  @Test
  void closesInReverseOrderOnceEvenWhenAPartFails() {
    List<String> closed = new ArrayList<>();
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.own("storage", () -> closed.add("storage"));
    lifecycle.own(
        "broken",
        () -> {
          closed.add("broken");
          throw new IllegalStateException("cannot stop");
        });
    lifecycle.own("http", () -> closed.add("http"));

    lifecycle.close();
    lifecycle.close();

    assertThat(closed).containsExactly("http", "broken", "storage");
  }

  @Test
  void aPartTakenAfterCloseIsClosedAtOnceAndRefused() {
    List<String> closed = new ArrayList<>();
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.close();
    assertThatThrownBy(() -> lifecycle.own("late", () -> closed.add("late")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("late");
  }
}
