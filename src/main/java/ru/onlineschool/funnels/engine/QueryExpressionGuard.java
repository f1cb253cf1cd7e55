package ru.onlineschool.funnels.engine;

import static ru.onlineschool.funnels.config.CommandFields.field;
import static ru.onlineschool.funnels.config.CommandFields.read;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractExecuteFilterCmd;
import org.camunda.bpm.engine.impl.cmd.SaveFilterCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * No expression that a caller sends in a query is evaluated unless the caller is an administrator.
 *
 * <p>A query's expressions ({@code assigneeExpression: "${…}"} and the like) are JUEL: whoever may
 * send one can call any Spring bean on the server. The engine's own switch
 * ({@code enableExpressionsInAdhocQueries=false}) checks only the top level of a query: the
 * or-queries of a task query and the extension of a filter's stored query are evaluated without
 * that check, whatever address brought them (issue 13 found it through {@code …/task/count;x},
 * which passed our earlier URL-matching guard). This interceptor sits in front of every engine
 * command, so it sees the query object itself — from engine-rest, the webapps' engine API or
 * Java — and refuses before anything runs:
 *
 * <ul>
 *   <li>any query run as a command with expressions at any level (top, or-queries);
 *   <li>a filter run with an extending query that carries expressions;
 *   <li>a filter saved with expressions by anyone but an administrator — which is what lets the
 *       stored filters of Tasklist («Мои задачи»: {@code ${currentUser()}}) keep evaluating their
 *       expressions for everyone who runs them: only an administrator or the application itself
 *       can have put them there.
 * </ul>
 *
 * The application's own code runs without an authenticated user and is not restricted.
 */
public class QueryExpressionGuard extends CommandInterceptor {

  static final String MESSAGE =
      "Выражения (…Expression) в запросах разрешены только администратору, также внутри orQueries и в"
          + " расширении фильтра: используйте готовые фильтры Tasklist или значения вместо выражений.";

  private static final Field EXTENDING_QUERY = field(AbstractExecuteFilterCmd.class, "extendingQuery");
  private static final Field SAVED_FILTER = field(SaveFilterCmd.class, "filter");

  private final ProcessEngineConfigurationImpl configuration;

  public QueryExpressionGuard(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  @Override
  public <T> T execute(Command<T> command) {
    if (carriesExpressions(command) && !CommandCaller.isSystemOrAdministrator(configuration)) {
      throw new BadUserRequestException(MESSAGE);
    }
    return next.execute(command);
  }

  private static boolean carriesExpressions(Command<?> command) {
    if (command instanceof AbstractQuery<?, ?> query) {
      return hasExpressions(query);
    }
    if (command instanceof AbstractExecuteFilterCmd) {
      return read(EXTENDING_QUERY, command) instanceof AbstractQuery<?, ?> extending && hasExpressions(extending);
    }
    if (command instanceof SaveFilterCmd) {
      return read(SAVED_FILTER, command) instanceof Filter filter
          && filter.getQuery() instanceof AbstractQuery<?, ?> stored
          && hasExpressions(stored);
    }
    return false;
  }

  /** The query's own expressions and those of every or-query it carries, however deep. */
  static boolean hasExpressions(AbstractQuery<?, ?> root) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    Deque<AbstractQuery<?, ?>> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      AbstractQuery<?, ?> query = queue.pop();
      if (seen.put(query, Boolean.TRUE) != null) {
        continue;
      }
      Map<String, String> expressions = query.getExpressions();
      if (expressions != null && !expressions.isEmpty()) {
        return true;
      }
      if (query instanceof TaskQueryImpl task && task.getQueries() != null) {
        queue.addAll(task.getQueries());
      }
    }
    return false;
  }


}
