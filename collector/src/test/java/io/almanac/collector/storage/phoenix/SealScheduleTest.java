package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SealScheduleTest {
  private static final long HOUR = 3_600_000L;
  private static final long MIN = 60_000L;
  private final AtomicLong now = new AtomicLong(100 * HOUR);
  private final SealSchedule schedule = new SealSchedule(10 * MIN, now::get);

  private long[] dueHours() {
    return schedule.due().stream().mapToLong(SealSchedule.Due::hour).toArray();
  }

  @Test
  void anHourIsDueOnceOverAndQuietForTheSettleTime() {
    schedule.written(98 * HOUR + 5 * MIN, 98 * HOUR + 20 * MIN);
    assertThat(dueHours()).as("written just now").isEmpty();
    now.addAndGet(10 * MIN);
    assertThat(dueHours()).containsExactly(98 * HOUR);
  }

  @Test
  void theCurrentHourWaitsUntilItEndedTheSettleTimeAgo() {
    schedule.written(100 * HOUR + MIN, 100 * HOUR + MIN);
    now.addAndGet(69 * MIN);
    assertThat(dueHours()).isEmpty();
    now.addAndGet(MIN);
    assertThat(dueHours()).containsExactly(100 * HOUR);
  }

  @Test
  void aWriteSpanningHoursMarksEachOfThem() {
    schedule.written(95 * HOUR + 50 * MIN, 97 * HOUR + 10 * MIN);
    now.addAndGet(10 * MIN);
    assertThat(dueHours()).containsExactly(95 * HOUR, 96 * HOUR, 97 * HOUR);
  }

  @Test
  void aWriteDuringTheSealKeepsTheHourScheduled() {
    schedule.written(98 * HOUR, 98 * HOUR);
    now.addAndGet(10 * MIN);
    SealSchedule.Due due = schedule.due().get(0);
    now.addAndGet(1);
    schedule.written(98 * HOUR + 30 * MIN, 98 * HOUR + 30 * MIN); // a late row while sealing
    schedule.sealed(due);
    assertThat(schedule.pending()).isEqualTo(1);
    assertThat(dueHours()).as("quiet again only 10 min after the late row").isEmpty();
    now.addAndGet(10 * MIN);
    SealSchedule.Due again = schedule.due().get(0);
    schedule.sealed(again);
    assertThat(schedule.pending()).isZero();
  }

  @Test
  void recheckMarksPastHoursDueOnceQuietButKeepsKnownWrites() {
    schedule.written(99 * HOUR, 99 * HOUR);
    now.addAndGet(5 * MIN);
    schedule.recheck(96 * HOUR + 30 * MIN, now.get());
    assertThat(schedule.pending()).isEqualTo(5); // 96 to 99, and 100 in progress
    assertThat(dueHours()).as("not at once: a backfill may be writing into them").isEmpty();
    now.addAndGet(5 * MIN);
    assertThat(dueHours()).as("the known write is older").containsExactly(99 * HOUR);
    now.addAndGet(5 * MIN);
    assertThat(dueHours()).containsExactly(96 * HOUR, 97 * HOUR, 98 * HOUR, 99 * HOUR);
  }

  @Test
  void checksAQuarterOfTheSettleTimeWithinBounds() {
    assertThat(schedule.checkEvery().toMillis()).isEqualTo(60_000);
    assertThat(new SealSchedule(0, now::get).checkEvery().toMillis()).isEqualTo(1_000);
    assertThat(new SealSchedule(20_000, now::get).checkEvery().toMillis()).isEqualTo(5_000);
    assertThatThrownBy(() -> new SealSchedule(-1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
