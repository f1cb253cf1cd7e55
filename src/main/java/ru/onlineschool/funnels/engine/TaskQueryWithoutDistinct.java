package ru.onlineschool.funnels.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;

/**
 * Reads and counts a task query without de-duplicating its rows when no join can repeat a task
 * (issue 15).
 *
 * <p>Every list in Tasklist comes with counts (the page's own and the filter's badge). The engine
 * writes every task query as {@code select distinct …} and {@code count(distinct RES.ID_)}
 * whatever it joins, because two joins can repeat a task: the candidate groups'
 * {@code ACT_RU_IDENTITYLINK} (a task has several identity links) and the authorization join. The
 * filters of this school join neither of the second (engine/TaskReadByFunnel reads «tasks of the
 * funnels granted to me» through the task's one process definition), and the first only to ask
 * whether a task has one of my groups as candidate. Two changes, both only where the statement has
 * exactly the expected shape; anything else runs as the engine wrote it:
 *
 * <ol>
 *   <li>The candidate-group condition ({@code I.TYPE_ = 'candidate' and (I.GROUP_ID_ IN (…))}, in
 *       «Задачи группы», «Просроченные» and «На сегодня») becomes {@code exists (select 1 from
 *       ACT_RU_IDENTITYLINK I where I.TASK_ID_ = RES.ID_ and …)} in the same place, and the join
 *       goes. A task qualifies under the same condition; it is only no longer read once per
 *       identity link. Done only when that one condition is the statement's only use of the
 *       identity links.
 *   <li>When then every join left is the task's own process definition (a task has one), the
 *       count counts rows and the page selects rows: de-duplicating a department's 94,261 tasks
 *       cost half the count on PostgreSQL at 50,000 open deals (docs/performance.md).
 * </ol>
 */
@Intercepts(
    @Signature(
        type = Executor.class,
        method = "query",
        args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}))
public class TaskQueryWithoutDistinct implements Interceptor {

  static final String COUNT = "selectTaskCountByQueryCriteria";
  static final String PAGE = "selectTaskByQueryCriteria";

  private static final Pattern COUNT_DISTINCT = Pattern.compile("^\\s*select\\s+count\\(\\s*distinct\\s+RES\\.ID_\\s*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SELECT_DISTINCT = Pattern.compile("^\\s*select\\s+distinct\\s+(?=RES\\.)", Pattern.CASE_INSENSITIVE);
  private static final Pattern JOIN = Pattern.compile("\\bjoin\\s+(\\S+)\\s+(\\S+)\\s+on\\s+(\\S+)\\s*=\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_JOIN = Pattern.compile("\\bjoin\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTITY_LINK_JOIN =
      Pattern.compile("\\b(?:left\\s+(?:outer\\s+)?|inner\\s+)?join\\s+(\\S*ACT_RU_IDENTITYLINK)\\s+I\\s+on\\s+I\\.TASK_ID_\\s*=\\s*RES\\.ID_\\b\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern CANDIDATE = Pattern.compile("\\bI\\.TYPE_\\s*=\\s*'candidate'\\s+and\\s+\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTITY_LINK_COLUMN = Pattern.compile("(?<![\\w.])I\\.", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_COLUMN = Pattern.compile("(?<![\\w.])(\\w+)\\.(?=[A-Za-z_])");
  private static final Pattern COUNT_ROWS = Pattern.compile("^\\s*select\\s+count\\(\\*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern MINE_OR_MY_GROUPS =
      Pattern.compile(
          "\\s+and\\s+\\(\\s*1\\s*=\\s*1\\s+and\\s+RES\\.ASSIGNEE_\\s*=\\s*\\?\\s+or\\s+\\(\\s*RES\\.ASSIGNEE_\\s+is\\s+null\\s+and\\s+(exists\\s*\\()",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern OR_WORD = Pattern.compile("\\bor\\b", Pattern.CASE_INSENSITIVE);

  @Override
  public Object intercept(Invocation invocation) throws Throwable {
    MappedStatement statement = (MappedStatement) invocation.getArgs()[0];
    String id = statement.getId();
    if (!id.endsWith("." + COUNT) && !id.endsWith("." + PAGE)) {
      return invocation.proceed();
    }
    Object parameter = invocation.getArgs()[1];
    BoundSql bound = statement.getBoundSql(parameter);
    boolean count = id.endsWith("." + COUNT);
    long limit = count && FilterCountBound.inFilterCount() ? FilterCountBound.LIMIT : 0;
    Plan plan = planFor(new PlanKey(count, limit, bound.getSql()));
    String sql = plan.sql();
    List<ParameterMapping> parameters = plan.order() == null ? bound.getParameterMappings() : plan.order().parameters(bound.getParameterMappings());
    boolean bounded = plan.bounded();
    BoundSql executed = bound;
    if (sql != null) {
      executed = new BoundSql(statement.getConfiguration(), sql, parameters, parameter);
      bound.getAdditionalParameters().forEach(executed::setAdditionalParameter);
    }
    // Executed with the statement already built: building the engine's task query again (its
    // hundreds of conditions evaluated by OGNL) is a third of a Tasklist call's CPU.
    Executor executor = (Executor) invocation.getTarget();
    RowBounds rows = (RowBounds) invocation.getArgs()[2];
    @SuppressWarnings("rawtypes")
    ResultHandler handler = (ResultHandler) invocation.getArgs()[3];
    List<Object> result = executor.query(statement, parameter, rows, handler, executor.createCacheKey(statement, parameter, rows, executed), executed);
    return bounded ? FilterCountBound.atMostLimit(result) : result;
  }

  /** What a statement becomes: its SQL (null: as the engine wrote it), its parameters' order (null: the same), bounded or not. */
  record Plan(String sql, TwoCounts order, boolean bounded) {}

  record PlanKey(boolean count, long limit, String sql) {}

  /**
   * The plans of the statements seen, by their text: the text with its «?» is the same for every
   * call of a filter by users of the same groups, and finding the shapes above with regular
   * expressions in a statement of several kilobytes cost 6 % of a Tasklist call's CPU. Bounded:
   * a new text beyond {@link #PLANS_KEPT} is planned every time, never remembered.
   */
  private static final Map<PlanKey, Plan> PLANS = new ConcurrentHashMap<>();

  static final int PLANS_KEPT = 500;

  static Plan planFor(PlanKey key) {
    Plan plan = PLANS.get(key);
    if (plan == null) {
      plan = plan(key);
      if (PLANS.size() < PLANS_KEPT) {
        PLANS.put(key, plan);
      }
    }
    return plan;
  }

  private static Plan plan(PlanKey key) {
    String sql = rewrite(key.sql());
    if (!key.count()) {
      return new Plan(sql, null, false);
    }
    // Only a count this class already rewrote has the form «count(*)» the split starts from.
    TwoCounts apart = sql == null ? null : mineAndMyGroupsCountedApart(sql, key.limit());
    if (apart != null) {
      return new Plan(apart.sql(), apart, key.limit() > 0);
    }
    if (key.limit() > 0) {
      String counted = bounded(sql == null ? key.sql() : sql, key.limit());
      if (counted != null) {
        return new Plan(counted, null, true);
      }
    }
    return new Plan(sql, null, false);
  }

  /**
   * The task count {@code sql} counting at most {@code limit} tasks (engine/FilterCountBound), or
   * null when the statement has a form this class does not know (it then runs as it is, exact).
   */
  static String bounded(String sql, long limit) {
    Matcher rows = COUNT_ROWS.matcher(sql);
    if (rows.find()) {
      return countedUpTo(sql.substring(rows.end()), limit, "BOUNDED_");
    }
    Matcher distinct = COUNT_DISTINCT.matcher(sql);
    if (distinct.find()) {
      return "select count(*) from (select distinct RES.ID_" + sql.substring(distinct.end()) + " limit " + limit + ") BOUNDED_";
    }
    return null;
  }

  /** {@code select count(*)} of at most {@code limit} rows of {@code fromAndWhere} («from … where …»). */
  private static String countedUpTo(String fromAndWhere, long limit, String alias) {
    return "select count(*) from (select 1 as ONE_" + fromAndWhere + " limit " + limit + ") " + alias;
  }

  /** The statement rewritten as the class describes, or null when it stays as the engine wrote it. */
  public static String rewrite(String sql) {
    String candidates = candidateGroupsAsExists(sql);
    String result = candidates == null ? sql : candidates;
    String withoutDistinct = onlyTheTasksDefinitionIsJoined(result) ? withoutDistinct(result) : null;
    if (withoutDistinct != null) {
      return withoutDistinct;
    }
    return candidates;
  }

  /**
   * A count of «mine or my groups' free tasks» as the sum of two counts, or null for any other
   * count. The engine writes the or-query last: {@code … and ( 1 = 1 and RES.ASSIGNEE_ = ? or (
   * RES.ASSIGNEE_ is null and exists (…) ) )}. The two halves cannot both hold for a task (an
   * assignee equal to mine, or none), so the count is the count of the first plus the count of the
   * second; each half is then read from one index — my tasks from {@code
   * school_task_assignee_due_count} without visiting the table — where the «or» made PostgreSQL
   * visit a table page for every task of either half (16,736 overdue tasks of a manager at 50,000
   * open deals: 44–56 → 6–9 ms, {@code EXPLAIN ANALYZE}). The statement's parameters before the
   * or-query are used by both halves: {@link TwoCounts#parameters} repeats them.
   */
  public static TwoCounts mineAndMyGroupsCountedApart(String sql) {
    return mineAndMyGroupsCountedApart(sql, 0);
  }

  /** The same, each half counting at most {@code limit} tasks when {@code limit} is above 0 (engine/FilterCountBound). */
  static TwoCounts mineAndMyGroupsCountedApart(String sql, long limit) {
    Matcher count = COUNT_ROWS.matcher(sql);
    Matcher or = MINE_OR_MY_GROUPS.matcher(sql);
    if (!count.find() || !or.find()) {
      return null;
    }
    String head = sql.substring(count.end(), or.start());
    int existsOpen = or.end() - 1;
    int existsClose = closingParenthesis(sql, existsOpen, true);
    if (existsClose < 0 || !sql.substring(existsClose + 1).matches("\\s*\\)\\s*\\)\\s*") || OR_WORD.matcher(head).find()) {
      return null;
    }
    String exists = sql.substring(or.start(1), existsClose + 1);
    int headParameters = questionMarks(head);
    int existsParameters = questionMarks(exists);
    String mine = head + " and RES.ASSIGNEE_ = ?";
    String groups = head + " and RES.ASSIGNEE_ is null and " + exists;
    String rewritten = limit > 0
        ? "select (" + countedUpTo(mine, limit, "MINE_") + ") + (" + countedUpTo(groups, limit, "GROUPS_") + ")"
        : "select (select count(*)" + mine + ") + (select count(*)" + groups + ")";
    int[] order = new int[2 * headParameters + 1 + existsParameters];
    int next = 0;
    for (int i = 0; i < headParameters; i++) {
      order[next++] = i;
    }
    order[next++] = headParameters;
    for (int i = 0; i < headParameters; i++) {
      order[next++] = i;
    }
    for (int i = 0; i < existsParameters; i++) {
      order[next++] = headParameters + 1 + i;
    }
    return new TwoCounts(rewritten, order);
  }

  /** A statement of two counts and, for each of its «?», the original parameter it takes. */
  public record TwoCounts(String sql, int[] order) {
    public List<ParameterMapping> parameters(List<ParameterMapping> original) {
      List<ParameterMapping> parameters = new ArrayList<>(order.length);
      for (int index : order) {
        parameters.add(original.get(index));
      }
      return parameters;
    }
  }

  /** The statement's parameters, «?» outside quoted literals. */
  private static int questionMarks(String sql) {
    int count = 0;
    boolean literal = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        literal = !literal;
      } else if (!literal && c == '?') {
        count++;
      }
    }
    return count;
  }

  /**
   * The candidate-group condition as an {@code exists} instead of a join, or null when the
   * statement uses the identity links in any other way too (or in no way this class knows).
   */
  static String candidateGroupsAsExists(String sql) {
    Matcher join = IDENTITY_LINK_JOIN.matcher(sql);
    if (!join.find()) {
      return null;
    }
    String table = join.group(1);
    String withoutJoin = sql.substring(0, join.start()) + sql.substring(join.end());
    if (IDENTITY_LINK_JOIN.matcher(withoutJoin).find()) {
      return null;
    }
    Matcher candidate = CANDIDATE.matcher(withoutJoin);
    if (!candidate.find()) {
      return null;
    }
    int start = candidate.start();
    int open = candidate.end() - 1;
    int close = closingParenthesis(withoutJoin, open, false);
    if (close < 0 || candidate.find()) {
      return null;
    }
    String condition = withoutJoin.substring(start, close + 1);
    // Inside the condition only identity-link columns, and outside it none.
    Matcher column = ANY_COLUMN.matcher(condition);
    while (column.find()) {
      if (!column.group(1).equalsIgnoreCase("I")) {
        return null;
      }
    }
    String rest = withoutJoin.substring(0, start) + withoutJoin.substring(close + 1);
    if (IDENTITY_LINK_COLUMN.matcher(rest).find()) {
      return null;
    }
    return withoutJoin.substring(0, start)
        + "exists (select 1 from " + table + " I where I.TASK_ID_ = RES.ID_ and " + condition + ")"
        + withoutJoin.substring(close + 1);
  }

  /**
   * The parenthesis closing the one at {@code open}, or -1 if none. Quoted literals are skipped
   * when {@code literalsAllowed}; otherwise a literal means a shape this class does not know (-1).
   */
  private static int closingParenthesis(String sql, int open, boolean literalsAllowed) {
    int depth = 0;
    boolean literal = false;
    for (int i = open; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        if (!literalsAllowed) {
          return -1;
        }
        literal = !literal;
      } else if (!literal && c == '(') {
        depth++;
      } else if (!literal && c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Every join of the statement is the task's own process definition (or there is none). */
  static boolean onlyTheTasksDefinitionIsJoined(String sql) {
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
    return joins == definitionJoins;
  }

  /**
   * The count as {@code count(*)} or the page as {@code select RES.…}, or null when the statement
   * has another form (a database whose paging wraps the statement, for one).
   */
  static String withoutDistinct(String sql) {
    Matcher count = COUNT_DISTINCT.matcher(sql);
    if (count.find()) {
      return "select count(*)" + sql.substring(count.end());
    }
    Matcher page = SELECT_DISTINCT.matcher(sql);
    if (page.find()) {
      return "select " + sql.substring(page.end());
    }
    return null;
  }

  private static boolean isDefinitionOfTheTask(String alias, String left, String right) {
    String definitionId = alias + ".ID_";
    return left.equalsIgnoreCase("RES.PROC_DEF_ID_") && right.equalsIgnoreCase(definitionId)
        || right.equalsIgnoreCase("RES.PROC_DEF_ID_") && left.equalsIgnoreCase(definitionId);
  }

  @Override
  public void setProperties(Properties properties) {}
}
