package ru.onlineschool.funnels.engine;

import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;

/**
 * Counts a task query's rows instead of its distinct ids when no join can repeat a task (issue 15).
 *
 * <p>Every list in Tasklist comes with counts (the page's own and the filter's badge), and the
 * engine counts a task query as {@code select count(distinct RES.ID_) …} whatever it joins, because
 * the candidate-group join ({@code ACT_RU_IDENTITYLINK}) and the authorization join can repeat a
 * task. The filters of this school mostly join nothing but the task's process definition (a task
 * has one): «tasks of my funnels», engine/TaskReadByFunnel. Then every row is a different task, and
 * de-duplicating 50,000 ids only costs: on the 50,000-deal H2 file a manager's 16,709 tasks were
 * counted in 165 ms with {@code distinct} and 68 ms without, the department's 49,998 in 635 and
 * 168 ms (docs/performance.md); PostgreSQL hashes or sorts every id the same way.
 *
 * <p>The statement is only changed when the engine wrote {@code count(distinct RES.ID_)} and
 * every join of the statement is the process-definition join; anything else — candidate groups,
 * an authorization join, a database whose count has another form — runs as the engine wrote it.
 */
@Intercepts(
    @Signature(
        type = Executor.class,
        method = "query",
        args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}))
public class TaskCountWithoutDistinct implements Interceptor {

  static final String STATEMENT = "selectTaskCountByQueryCriteria";

  private static final Pattern COUNT_DISTINCT = Pattern.compile("^\\s*select\\s+count\\(\\s*distinct\\s+RES\\.ID_\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern JOIN = Pattern.compile("\\bjoin\\s+(\\S+)\\s+(\\S+)\\s+on\\s+(\\S+)\\s*=\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_JOIN = Pattern.compile("\\bjoin\\b", Pattern.CASE_INSENSITIVE);

  @Override
  public Object intercept(Invocation invocation) throws Throwable {
    MappedStatement statement = (MappedStatement) invocation.getArgs()[0];
    if (!statement.getId().endsWith(STATEMENT)) {
      return invocation.proceed();
    }
    Object parameter = invocation.getArgs()[1];
    BoundSql bound = statement.getBoundSql(parameter);
    String sql = withoutDistinct(bound.getSql());
    if (sql == null) {
      return invocation.proceed();
    }
    BoundSql counted = new BoundSql(statement.getConfiguration(), sql, bound.getParameterMappings(), parameter);
    bound.getAdditionalParameters().forEach(counted::setAdditionalParameter);
    Executor executor = (Executor) invocation.getTarget();
    RowBounds rows = (RowBounds) invocation.getArgs()[2];
    @SuppressWarnings("rawtypes")
    ResultHandler handler = (ResultHandler) invocation.getArgs()[3];
    return executor.query(statement, parameter, rows, handler, executor.createCacheKey(statement, parameter, rows, counted), counted);
  }

  /** The count without {@code distinct}, or null when a join may repeat a task. */
  public static String withoutDistinct(String sql) {
    Matcher count = COUNT_DISTINCT.matcher(sql);
    if (!count.find()) {
      return null;
    }
    int joins = 0;
    Matcher any = ANY_JOIN.matcher(sql);
    while (any.find()) {
      joins++;
    }
    int definitionJoins = 0;
    Matcher join = JOIN.matcher(sql);
    while (join.find()) {
      if (join.group(1).toUpperCase().endsWith("ACT_RE_PROCDEF") && isDefinitionOfTheTask(join.group(2), join.group(3), join.group(4))) {
        definitionJoins++;
      }
    }
    if (joins != definitionJoins) {
      return null;
    }
    return "select count(*)" + sql.substring(count.end());
  }

  private static boolean isDefinitionOfTheTask(String alias, String left, String right) {
    String definitionId = alias + ".ID_";
    return left.equalsIgnoreCase("RES.PROC_DEF_ID_") && right.equalsIgnoreCase(definitionId)
        || right.equalsIgnoreCase("RES.PROC_DEF_ID_") && left.equalsIgnoreCase(definitionId);
  }

  @Override
  public void setProperties(Properties properties) {}
}
