package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cmd.ExecuteFilterCountCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * A filter counts its tasks up to 1,001 and stops there (issue 15, docs/decisions.md «A filter
 * counts up to 1000, as the board does»).
 *
 * <p>Every list Tasklist shows carries the filter's count: the badge beside the filter's name and
 * the pager under the list read it. Counting is the one part of a Tasklist call that grows with
 * the school: a department with 94,261 open tasks costs 35–54 ms to count on PostgreSQL and about
 * 100 ms on H2, whatever the page shows. Above 1,000 the exact figure tells a manager nothing the
 * list does not («1000+» in the badge, tasklist/school-counter.js, as the deal board's columns);
 * the exact totals are in the reports. So the count of a filter — and only of a filter: {@code /task/count} and the
 * application's own counts stay exact — reads at most {@link #LIMIT} tasks.
 *
 * <p>This interceptor marks the thread while the engine runs a filter's count; {@link
 * TaskQueryWithoutDistinct} then writes the count as {@code select count(*) from (select 1 …
 * limit 1001)}. Nothing else changes: the same conditions, the same authorization.
 */
public class FilterCountBound extends CommandInterceptor {

  /** The largest count a filter shows as a number. */
  public static final long SHOWN_UP_TO = 1_000;

  /** What a filter's count answers for «more than {@link #SHOWN_UP_TO}». */
  public static final long LIMIT = SHOWN_UP_TO + 1;

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  @Override
  public <T> T execute(Command<T> command) {
    if (!(command instanceof ExecuteFilterCountCmd)) {
      return next.execute(command);
    }
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      return next.execute(command);
    } finally {
      depth[0]--;
    }
  }

  /** The engine is counting a filter's tasks on this thread. */
  static boolean inFilterCount() {
    return DEPTH.get()[0] > 0;
  }

  /** The count as the filter answers it: above {@link #LIMIT} (two bounded halves added) it is {@link #LIMIT}. */
  static List<Object> atMostLimit(List<Object> result) {
    List<Object> answer = new ArrayList<>(result.size());
    for (Object value : result) {
      answer.add(value instanceof Number n && n.longValue() > LIMIT ? Long.valueOf(LIMIT) : value);
    }
    return answer;
  }
}
