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
 *
 * <p>«Mine or my groups' free tasks» («Просроченные», «На сегодня») is then read in two halves,
 * one per side of its «or», each from the assignee's index: the count as two counts
 * ({@link #mineAndMyGroupsCountedApart}), the page as the first tasks of each half
 * ({@link #mineAndMyGroupsPagedApart}).
 */
@Intercepts(
    @Signature(
        type = Executor.class,
        method = "query",
        args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}))
public class TaskQueryWithoutDistinct implements Interceptor {

  static final String COUNT = "selectTaskCountByQueryCriteria";
  static final String PAGE = "selectTaskByQueryCriteria";

  private static final Pattern WRAPPED_COUNT_DISTINCT =
      Pattern.compile("^\\s*select\\s+count\\(\\s*\\*\\s*\\)\\s+from\\s*\\(\\s*select\\s+distinct\\s+RES\\.ID_\\b(.*)\\)\\s*countDistinct\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
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
  /** The filters' order after the task state FixedColumnsFirst puts in front: priority first. */
  private static final Pattern PRIORITY_FIRST = Pattern.compile("\\border\\s+by\\s+RES\\.SUSPENSION_STATE_\\s+asc\\s*,\\s*RES\\.PRIORITY_\\s+desc\\b", Pattern.CASE_INSENSITIVE);
  /** The due bound of the common part of a page of «mine or my groups'». */
  private static final Pattern DUE_BEFORE = Pattern.compile("\\bRES\\.DUE_DATE_\\s*<\\s*\\?", Pattern.CASE_INSENSITIVE);
  /** A page without de-duplication: its columns, all the task's own, up to the first «from». */
  private static final Pattern PAGE_COLUMNS = Pattern.compile("^\\s*select\\s+(RES\\.[^?]*?)(?=\\s+from\\s)", Pattern.CASE_INSENSITIVE);
  /**
   * What follows the or-query in a page: its end, the order (beginning with the task state that
   * FixedColumnsFirst puts first, every item a task column) and the engine's limit.
   */
  private static final Pattern PAGE_TAIL =
      Pattern.compile(
          "\\s*\\)\\s*\\)\\s*order\\s+by\\s+(RES\\.SUSPENSION_STATE_\\s+asc(?:\\s*,\\s*RES\\.\\w+\\s+(?:asc|desc))*)\\s+(LIMIT\\s+\\?(?:\\s+OFFSET\\s+\\?)?)\\s*",
          Pattern.CASE_INSENSITIVE);

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
    Executor executor = (Executor) invocation.getTarget();
    long pageEnd = plan.pagedApart() != null ? pageEnd(parameter) : -1;
    if (plan.pagedApart() != null) {
      if (pageEnd < 0) {
        // No page to cut each half at (the whole list asked for): one statement, as before.
        plan = new Plan(plan.pagedApart().whole(), null, false);
      } else if (plan.pagedApart().variants().length > 1) {
        int variant = fewDue(plan.pagedApart(), statement, parameter, bound, executor) + (isH2(executor) ? H2_VARIANTS : 0);
        plan = new Plan(plan.pagedApart().variants()[variant], plan.order(), false, plan.pagedApart());
      }
    }
    String sql = plan.sql();
    List<ParameterMapping> parameters =
        plan.order() == null ? bound.getParameterMappings() : plan.order().parameters(bound.getParameterMappings(), statement.getConfiguration());
    boolean bounded = plan.bounded();
    BoundSql executed = bound;
    if (sql != null) {
      executed = new BoundSql(statement.getConfiguration(), sql, parameters, parameter);
      bound.getAdditionalParameters().forEach(executed::setAdditionalParameter);
      if (pageEnd >= 0) {
        executed.setAdditionalParameter(PAGE_END, (int) pageEnd);
      }
    }
    // Executed with the statement already built: building the engine's task query again (its
    // hundreds of conditions evaluated by OGNL) is a third of a Tasklist call's CPU.
    RowBounds rows = (RowBounds) invocation.getArgs()[2];
    @SuppressWarnings("rawtypes")
    ResultHandler handler = (ResultHandler) invocation.getArgs()[3];
    List<Object> result = executor.query(statement, parameter, rows, handler, executor.createCacheKey(statement, parameter, rows, executed), executed);
    return bounded ? FilterCountBound.atMostLimit(result) : result;
  }

  /**
   * What a statement becomes: its SQL (null: as the engine wrote it), its parameters' order (null:
   * the same), bounded or not, and, for a page read as two halves, its variants (the halves are cut
   * at {@link #PAGE_END}).
   */
  record Plan(String sql, TwoCounts order, boolean bounded, PagedApart pagedApart) {
    Plan(String sql, TwoCounts order, boolean bounded) {
      this(sql, order, bounded, null);
    }
  }

  /**
   * A page of «mine or my groups'» read as two halves, in up to four variants with the same
   * parameters ({@link #variant}), written for PostgreSQL and for H2 ({@link #H2_VARIANTS}): each
   * half read in the filters' order, or — when the page has a due bound — as the range of its
   * tasks due before it, sorted. Which one is decided per call by counting a few due tasks of each
   * half ({@link #FEW_DUE}). {@code whole}: the statement as one, for a call that asks for every row.
   */
  record PagedApart(String whole, String[] variants, int assigneeParameter, int dueParameter) {}

  /** The variant reading my half ({@code mineByDue}) and the free half ({@code freeByDue}) by due date or in the filters' order. */
  static int variant(boolean mineByDue, boolean freeByDue) {
    return (mineByDue ? 1 : 0) + (freeByDue ? 2 : 0);
  }

  /**
   * Where H2's variants start: on H2 a half read in order hides its due bound from the planner
   * ({@link #withoutDueRange}), or H2 takes the range of due dates and sorts thousands of due tasks
   * for a page of 15; PostgreSQL checks the bound inside the ordered index scan and keeps it.
   */
  static final int H2_VARIANTS = 4;

  private static volatile Boolean h2;

  private static boolean isH2(Executor executor) throws java.sql.SQLException {
    Boolean known = h2;
    if (known == null) {
      known = executor.getTransaction().getConnection().getMetaData().getURL().startsWith("jdbc:h2:");
      h2 = known;
    }
    return known;
  }

  /**
   * Up to how many due tasks a half reads them all and sorts them. Read in the filters' order, a
   * half stops at the page's end — at once when many of its tasks are due, but only after every
   * task of it when few or none are (20,127 tasks of a manager, none overdue: 8 → 20 ms p95 from
   * 1,000 to 50,000 open deals on H2). Read by due date it costs what is due, at most this many,
   * and a sort.
   */
  public static final int FEW_DUE = 200;

  static final String FEW_DUE_PROBE =
      "select (select count(*) from (select 1 as ONE_ from ACT_RU_TASK RES where RES.ASSIGNEE_ = ? and RES.SUSPENSION_STATE_ = 1"
          + " and RES.DUE_DATE_ < ? limit " + FEW_DUE + ") MINE_), (select count(*) from (select 1 as ONE_ from ACT_RU_TASK RES"
          + " where RES.ASSIGNEE_ is null and RES.SUSPENSION_STATE_ = 1 and RES.DUE_DATE_ < ? limit " + FEW_DUE + ") FREE_)";

  /**
   * The variant for this call: for each half, whether fewer than {@link #FEW_DUE} of its active
   * tasks (mine; free ones of any group) are due before the page's bound. Two index ranges of at
   * most that many entries each.
   */
  private static int fewDue(PagedApart apart, MappedStatement statement, Object parameter, BoundSql bound, Executor executor)
      throws java.sql.SQLException {
    List<ParameterMapping> original = bound.getParameterMappings();
    ParameterMapping due = original.get(apart.dueParameter());
    BoundSql probe = new BoundSql(statement.getConfiguration(), FEW_DUE_PROBE, List.of(original.get(apart.assigneeParameter()), due, due), parameter);
    bound.getAdditionalParameters().forEach(probe::setAdditionalParameter);
    java.sql.Connection connection = executor.getTransaction().getConnection();
    try (java.sql.PreparedStatement counting = connection.prepareStatement(FEW_DUE_PROBE)) {
      new org.apache.ibatis.scripting.defaults.DefaultParameterHandler(statement, parameter, probe).setParameters(counting);
      try (java.sql.ResultSet result = counting.executeQuery()) {
        result.next();
        return variant(result.getLong(1) < FEW_DUE, result.getLong(2) < FEW_DUE);
      }
    }
  }

  /** The parameter each half of a page read apart is cut at: the page's first result plus its size. */
  static final String PAGE_END = "schoolPageEnd";

  /** Pages further than this are read as the engine wrote them: cutting each half there saves nothing. */
  static final long PAGE_END_MAX = 10_000;

  /** Where the page asked for ends, or -1 when the statement asks for every row or a page far down the list. */
  static long pageEnd(Object parameter) {
    if (!(parameter instanceof org.camunda.bpm.engine.impl.db.ListQueryParameterObject page)) {
      return -1;
    }
    long end = (long) Math.max(0, page.getFirstResult()) + Math.max(0, page.getMaxResults());
    return page.getMaxResults() <= 0 || end > PAGE_END_MAX ? -1 : end;
  }

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
    String base = key.count() ? countDistinctInOneForm(key.sql()) : key.sql();
    String sql = rewrite(base);
    if (!key.count()) {
      TwoCounts inOrder = sql == null ? null : mineAndMyGroupsPagedApart(sql);
      return inOrder != null ? new Plan(inOrder.sql(), inOrder, false, pagedApart(sql)) : new Plan(sql, null, false);
    }
    // Only a count this class already rewrote has the form «count(*)» the split starts from.
    TwoCounts apart = sql == null ? null : mineAndMyGroupsCountedApart(sql, key.limit());
    if (apart != null) {
      return new Plan(apart.sql(), apart, key.limit() > 0);
    }
    if (key.limit() > 0) {
      String counted = bounded(sql == null ? base : sql, key.limit());
      if (counted != null) {
        return new Plan(counted, null, true);
      }
    }
    return new Plan(sql, null, false);
  }

  /**
   * The engine's count in the one form the rewrites here start from. The engine writes a count of
   * distinct tasks as {@code select count(distinct RES.ID_) from …} on H2 and as {@code SELECT
   * COUNT(*) FROM (SELECT DISTINCT RES.ID_ from …) countDistinct} on PostgreSQL — the same count.
   * Without this, no count on PostgreSQL was rewritten: «mine or my groups'» was not counted
   * apart and a filter's bounded count de-duplicated every task before stopping at 1,001 (32 ms
   * p50 for «На сегодня» at 50,000 open deals, the server's slow-statement log).
   */
  static String countDistinctInOneForm(String sql) {
    Matcher wrapped = WRAPPED_COUNT_DISTINCT.matcher(sql);
    return wrapped.matches() ? "select count(distinct RES.ID_ )" + wrapped.group(1) : sql;
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
   * school_task_mine_due} without visiting the table — where the «or» made PostgreSQL
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
    return new TwoCounts(rewritten, halvesParameters(headParameters, existsParameters, false, 0));
  }

  /**
   * For each «?» of a statement in two halves, the original parameter it takes. The engine's order
   * is the common part ({@code head}), my assignee, then the groups' {@code exists}, then what
   * follows the «or» ({@code tail}: a page's limit); the halves repeat the common part — «mine»:
   * head, assignee; «my groups'»: head, exists — each cut at the page's end when {@code pageEnds}.
   */
  private static int[] halvesParameters(int head, int exists, boolean pageEnds, int tail) {
    int[] order = new int[2 * head + 1 + exists + (pageEnds ? 2 : 0) + tail];
    int next = 0;
    for (int i = 0; i < head; i++) {
      order[next++] = i;
    }
    order[next++] = head;
    if (pageEnds) {
      order[next++] = TwoCounts.PAGE_END_PARAMETER;
    }
    for (int i = 0; i < head; i++) {
      order[next++] = i;
    }
    for (int i = 0; i < exists; i++) {
      order[next++] = head + 1 + i;
    }
    if (pageEnds) {
      order[next++] = TwoCounts.PAGE_END_PARAMETER;
    }
    for (int i = 0; i < tail; i++) {
      order[next++] = head + 1 + exists + i;
    }
    return order;
  }

  /**
   * The due bound written so that no index range is made of it (the same tasks pass): a half read
   * in the filters' order must walk the index in that order, and a range of due dates would make
   * the database read every due task and sort them instead.
   */
  private static String withoutDueRange(String head) {
    return DUE_BEFORE.matcher(head).replaceFirst("case when RES.DUE_DATE_ < ? then 1 else 0 end = 1");
  }

  /**
   * A statement of two halves (two counts, or a page read as two) and, for each of its «?», the
   * original parameter it takes; {@link #PAGE_END_PARAMETER} where a half is cut at the page's end.
   */
  public record TwoCounts(String sql, int[] order) {
    public static final int PAGE_END_PARAMETER = -1;

    public List<ParameterMapping> parameters(List<ParameterMapping> original) {
      return parameters(original, null);
    }

    List<ParameterMapping> parameters(List<ParameterMapping> original, org.apache.ibatis.session.Configuration configuration) {
      List<ParameterMapping> parameters = new ArrayList<>(order.length);
      for (int index : order) {
        parameters.add(index == PAGE_END_PARAMETER ? new ParameterMapping.Builder(configuration, PAGE_END, Integer.class).build() : original.get(index));
      }
      return parameters;
    }
  }

  /**
   * A page of «mine or my groups' free tasks» in the filters' order read as two halves, or null for
   * any other statement: my first tasks and my groups' first free tasks, each read from the
   * assignee's index in the filters' order and cut at the page's end ({@link #PAGE_END}), then the
   * page taken from the two. The engine's one statement has no index to serve its «or»: H2 walked
   * every active task of the school in the filters' order to find the page (issue 15: «Просроченные»
   * with no overdue task of mine walked all 50,000, 8 → 37 ms p95 from 1,000 to 50,000 open deals);
   * each half now reads only my tasks, or only the free ones. Only where the order starts with the
   * task state that {@code FixedColumnsFirst} puts first (the filters' order), and the page is the
   * engine's {@code LIMIT … [OFFSET …]} at the end.
   */
  static TwoCounts mineAndMyGroupsPagedApart(String sql) {
    return mineAndMyGroupsPagedApart(sql, false, false, true);
  }

  /**
   * Every way of reading a page of «mine or my groups'» apart ({@link #variant}), or null. The ways
   * by due date exist only when the statement bounds the due date ({@code RES.DUE_DATE_ < ?} before
   * the «or»): such a half has no assignee in front of its order, and the database reads its tasks
   * due before the bound from {@code school_task_mine_due} and sorts them; a half read in order has
   * its due bound written so that no index range is made of it, and is read from
   * {@code school_task_mine_page} in the filters' order.
   */
  static PagedApart pagedApart(String sql) {
    TwoCounts inOrder = mineAndMyGroupsPagedApart(sql);
    if (inOrder == null) {
      return null;
    }
    Matcher or = MINE_OR_MY_GROUPS.matcher(sql);
    or.find();
    String head = sql.substring(0, or.start());
    Matcher due = DUE_BEFORE.matcher(head);
    if (!due.find() || !PRIORITY_FIRST.matcher(sql).find()) {
      return new PagedApart(sql, new String[] {inOrder.sql()}, -1, -1);
    }
    int dueEnd = due.end();
    if (due.find()) {
      // Two due bounds: which one the probe should count by is not known; the filters' order only.
      return new PagedApart(sql, new String[] {inOrder.sql()}, -1, -1);
    }
    String[] variants = new String[2 * H2_VARIANTS];
    for (boolean mineByDue : new boolean[] {false, true}) {
      for (boolean freeByDue : new boolean[] {false, true}) {
        variants[variant(mineByDue, freeByDue)] = mineAndMyGroupsPagedApart(sql, mineByDue, freeByDue, false).sql();
        variants[H2_VARIANTS + variant(mineByDue, freeByDue)] = mineAndMyGroupsPagedApart(sql, mineByDue, freeByDue, true).sql();
      }
    }
    return new PagedApart(sql, variants, questionMarks(head), questionMarks(head.substring(0, dueEnd)) - 1);
  }

  private static TwoCounts mineAndMyGroupsPagedApart(String sql, boolean mineByDue, boolean freeByDue, boolean hideDueInOrder) {
    Matcher select = PAGE_COLUMNS.matcher(sql);
    Matcher or = MINE_OR_MY_GROUPS.matcher(sql);
    if (!select.find() || !or.find(select.end())) {
      return null;
    }
    String columns = select.group(1);
    String head = sql.substring(select.end(1), or.start());
    int existsOpen = or.end() - 1;
    int existsClose = closingParenthesis(sql, existsOpen, true);
    if (existsClose < 0 || OR_WORD.matcher(head).find() || questionMarks(columns) > 0) {
      return null;
    }
    Matcher tail = PAGE_TAIL.matcher(sql.substring(existsClose + 1));
    if (!tail.matches()) {
      return null;
    }
    String order = tail.group(1).trim();
    String limit = tail.group(2).trim();
    String exists = sql.substring(or.start(1), existsClose + 1);
    String inOrder = " order by RES.ASSIGNEE_ asc, " + order + " LIMIT ?";
    // By due date: the order written so that no index delivers it, or PostgreSQL, expecting many
    // due tasks, walks all of mine in the filters' order to find none («На сегодня», 20,127 tasks
    // of a manager, none due today: 58 ms p50).
    String byDue = " order by " + order.replaceFirst("(?i)^RES\\.SUSPENSION_STATE_\\s+asc\\s*,\\s*RES\\.PRIORITY_\\s+desc\\b", "RES.PRIORITY_ + 0 desc") + " LIMIT ?";
    String inOrderHead = hideDueInOrder ? withoutDueRange(head) : head;
    String mine = "(select " + columns + (mineByDue ? head : inOrderHead) + " and RES.ASSIGNEE_ = ?" + (mineByDue ? byDue : inOrder) + ")";
    String groups = "(select " + columns + (freeByDue ? head : inOrderHead) + " and RES.ASSIGNEE_ is null and " + exists
        + (freeByDue ? byDue : inOrder) + ")";
    String rewritten = "select RES.* from (" + mine + " union all " + groups + ") RES order by " + order + " " + limit;
    return new TwoCounts(rewritten, halvesParameters(questionMarks(head), questionMarks(exists), true, questionMarks(limit)));
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
