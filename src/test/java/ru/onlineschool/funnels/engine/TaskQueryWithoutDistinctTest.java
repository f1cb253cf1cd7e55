package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which of the engine's task statements are read without de-duplication: only those whose joins
 * cannot repeat a task, after the candidate groups became an {@code exists}. The SQL is the
 * engine's own for this school's filters (taken from its statements on H2, whitespace shortened).
 */
class TaskQueryWithoutDistinctTest {

  private static final String COLUMNS = "RES.REV_, RES.ID_, RES.NAME_, RES.PRIORITY_, RES.ASSIGNEE_, RES.DUE_DATE_ ";

  /** «Просроченные»: mine or my groups' free tasks, due before now. */
  private static final String OVERDUE_WHERE =
      " from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_ left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
          + " WHERE ( 1 = 1 and D.KEY_ in ( ? , ? , ? ) and ( RES.DUE_DATE_ < ? and RES.DUE_DATE_ is not null ) and RES.SUSPENSION_STATE_ = 1 )"
          + " and ( 1 = 1 and RES.ASSIGNEE_ = ? or ( RES.ASSIGNEE_ is null and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? , ? ) ) ) )";

  private static final String OVERDUE_REWRITTEN_WHERE =
      " from ACT_RU_TASK RES left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
          + " WHERE ( 1 = 1 and D.KEY_ in ( ? , ? , ? ) and ( RES.DUE_DATE_ < ? and RES.DUE_DATE_ is not null ) and RES.SUSPENSION_STATE_ = 1 )"
          + " and ( 1 = 1 and RES.ASSIGNEE_ = ? or ( RES.ASSIGNEE_ is null and exists (select 1 from ACT_RU_IDENTITYLINK I where I.TASK_ID_ = RES.ID_"
          + " and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? , ? ) )) ) )";

  @Test
  void aCountJoiningOnlyTheTasksDefinitionCountsRows() {
    String sql = "select count(distinct RES.ID_ )\n    from ACT_RU_TASK RES\n inner join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_\n"
        + " WHERE ( 1 = 1 and RES.ASSIGNEE_ = ? and D.KEY_ in ( ? , ? ) and RES.SUSPENSION_STATE_ = 1 )";

    assertThat(TaskQueryWithoutDistinct.rewrite(sql))
        .startsWith("select count(*)")
        .endsWith(sql.substring(sql.indexOf(")") + 1))
        .doesNotContainIgnoringCase("distinct");
  }

  @Test
  void aPageJoiningOnlyTheTasksDefinitionSelectsRows() {
    String sql = "select distinct " + COLUMNS + "from ACT_RU_TASK RES inner join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
        + " WHERE ( 1 = 1 and RES.ASSIGNEE_ = ? ) order by RES.PRIORITY_ desc, RES.DUE_DATE_ asc, RES.ID_ asc LIMIT ? OFFSET ?";

    assertThat(TaskQueryWithoutDistinct.rewrite(sql)).isEqualTo(sql.replace("select distinct ", "select "));
  }

  @Test
  void aCountWithoutAnyJoinCountsRows() {
    assertThat(TaskQueryWithoutDistinct.rewrite("select count(distinct RES.ID_) from ACT_RU_TASK RES WHERE RES.ASSIGNEE_ = ?"))
        .isEqualTo("select count(*) from ACT_RU_TASK RES WHERE RES.ASSIGNEE_ = ?");
  }

  @Test
  void mineOrMyGroupsAsksForTheCandidateGroupWithExistsAndThenNeedsNoDistinct() {
    assertThat(TaskQueryWithoutDistinct.rewrite("select count(distinct RES.ID_ )" + OVERDUE_WHERE))
        .isEqualTo("select count(*)" + OVERDUE_REWRITTEN_WHERE);
    String order = " order by RES.PRIORITY_ desc, RES.DUE_DATE_ asc, RES.ID_ asc LIMIT ? OFFSET ?";
    assertThat(TaskQueryWithoutDistinct.rewrite("select distinct " + COLUMNS + OVERDUE_WHERE.substring(1) + order))
        .isEqualTo("select " + COLUMNS + OVERDUE_REWRITTEN_WHERE.substring(1) + order);
  }

  @Test
  void mineOrMyGroupsIsCountedAsMineAndMyGroupsFreeTasksApart() {
    TaskQueryWithoutDistinct.TwoCounts apart =
        TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart(TaskQueryWithoutDistinct.rewrite("select count(distinct RES.ID_ )" + OVERDUE_WHERE));

    String head = " from ACT_RU_TASK RES left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
        + " WHERE ( 1 = 1 and D.KEY_ in ( ? , ? , ? ) and ( RES.DUE_DATE_ < ? and RES.DUE_DATE_ is not null ) and RES.SUSPENSION_STATE_ = 1 )";
    assertThat(apart.sql())
        .isEqualTo("select (select count(*)" + head + " and RES.ASSIGNEE_ = ?) + (select count(*)" + head
            + " and RES.ASSIGNEE_ is null and exists (select 1 from ACT_RU_IDENTITYLINK I where I.TASK_ID_ = RES.ID_"
            + " and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? , ? ) )))");
    // keys and due date, the assignee; keys and due date again, the two groups
    assertThat(apart.order()).containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 5, 6);
    assertThat(apart.parameters(java.util.List.of(p("k1"), p("k2"), p("k3"), p("due"), p("me"), p("g1"), p("g2"))))
        .extracting(org.apache.ibatis.mapping.ParameterMapping::getProperty)
        .containsExactly("k1", "k2", "k3", "due", "me", "k1", "k2", "k3", "due", "g1", "g2");
  }

  @Test
  void aPageOfMineOrMyGroupsIsReadAsMyFirstTasksAndMyGroupsFirstFreeTasks() {
    String order = " order by RES.SUSPENSION_STATE_ asc, RES.PRIORITY_ desc, RES.DUE_DATE_ asc, RES.ID_ asc";
    String page = TaskQueryWithoutDistinct.rewrite("select distinct " + COLUMNS + OVERDUE_WHERE.substring(1) + order + " LIMIT ? OFFSET ?");

    TaskQueryWithoutDistinct.TwoCounts apart = TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart(page);

    // Each half in the filters' order, its due bound written so that no range of due dates is made of it.
    String head = " from ACT_RU_TASK RES left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
        + " WHERE ( 1 = 1 and D.KEY_ in ( ? , ? , ? ) and ( case when RES.DUE_DATE_ < ? then 1 else 0 end = 1 and RES.DUE_DATE_ is not null ) and RES.SUSPENSION_STATE_ = 1 )";
    String halfOrder = " order by RES.ASSIGNEE_ asc, RES.SUSPENSION_STATE_ asc, RES.PRIORITY_ desc, RES.DUE_DATE_ asc, RES.ID_ asc LIMIT ?";
    assertThat(apart.sql())
        .isEqualTo("select RES.* from ("
            + "(select " + COLUMNS.trim() + head + " and RES.ASSIGNEE_ = ?" + halfOrder + ")"
            + " union all (select " + COLUMNS.trim() + head + " and RES.ASSIGNEE_ is null and exists (select 1 from ACT_RU_IDENTITYLINK I where I.TASK_ID_ = RES.ID_"
            + " and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? , ? ) ))" + halfOrder + ")"
            + ") RES" + order + " LIMIT ? OFFSET ?");
    int end = TaskQueryWithoutDistinct.TwoCounts.PAGE_END_PARAMETER;
    // keys and due, the assignee, the half's end; keys and due again, the groups, the half's end; the page
    assertThat(apart.order()).containsExactly(0, 1, 2, 3, 4, end, 0, 1, 2, 3, 5, 6, end, 7, 8);
    // The first page without an offset: the engine writes «LIMIT ?» alone.
    String first = TaskQueryWithoutDistinct.rewrite("select distinct " + COLUMNS + OVERDUE_WHERE.substring(1) + order + " LIMIT ?");
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart(first).order()).endsWith(end, 7);
  }

  @Test
  void aPageWithADueBoundCanReadEachHalfAsItsDueTasks() {
    String order = " order by RES.SUSPENSION_STATE_ asc, RES.PRIORITY_ desc, RES.DUE_DATE_ asc, RES.ID_ asc";
    String page = TaskQueryWithoutDistinct.rewrite("select distinct " + COLUMNS + OVERDUE_WHERE.substring(1) + order + " LIMIT ? OFFSET ?");

    TaskQueryWithoutDistinct.PagedApart apart = TaskQueryWithoutDistinct.pagedApart(page);

    // keys, keys, keys, due («?» 3), assignee («?» 4)
    assertThat(apart.dueParameter()).isEqualTo(3);
    assertThat(apart.assigneeParameter()).isEqualTo(4);
    int h2 = TaskQueryWithoutDistinct.H2_VARIANTS;
    String inOrder = apart.variants()[h2 + TaskQueryWithoutDistinct.variant(false, false)];
    assertThat(inOrder).isEqualTo(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart(page).sql());
    String mineByDue = apart.variants()[h2 + TaskQueryWithoutDistinct.variant(true, false)];
    String freeByDue = apart.variants()[h2 + TaskQueryWithoutDistinct.variant(false, true)];
    String byDue = " ( RES.DUE_DATE_ < ? and RES.DUE_DATE_ is not null )";
    // sorted after the range is read: an order no index delivers
    String dueOrder = " order by RES.PRIORITY_ + 0 desc, RES.DUE_DATE_ asc, RES.ID_ asc LIMIT ?)";
    assertThat(half(mineByDue, 0)).contains(byDue).endsWith("and RES.ASSIGNEE_ = ?" + dueOrder);
    assertThat(half(mineByDue, 1)).isEqualTo(half(inOrder, 1));
    assertThat(half(freeByDue, 0)).isEqualTo(half(inOrder, 0));
    assertThat(half(freeByDue, 1)).contains(byDue).endsWith("( I.GROUP_ID_ IN ( ? , ? ) ))" + dueOrder);
    String both = apart.variants()[h2 + TaskQueryWithoutDistinct.variant(true, true)];
    assertThat(half(both, 0)).isEqualTo(half(mineByDue, 0));
    assertThat(half(both, 1)).isEqualTo(half(freeByDue, 1));
    // PostgreSQL checks the due bound inside the ordered index scan: its halves in order keep it as the engine wrote it.
    String postgresInOrder = apart.variants()[TaskQueryWithoutDistinct.variant(false, false)];
    assertThat(postgresInOrder).isEqualTo(inOrder.replace("case when RES.DUE_DATE_ < ? then 1 else 0 end = 1", "RES.DUE_DATE_ < ?"));
    assertThat(apart.variants()[TaskQueryWithoutDistinct.variant(true, true)]).isEqualTo(both);
    // Every variant takes the parameters in the same places.
    for (String variant : apart.variants()) {
      assertThat(variant.replaceAll("[^?]", "")).isEqualTo(inOrder.replaceAll("[^?]", ""));
    }
    // Without a due bound there is only the filters' order.
    String noDue = page.replace("( RES.DUE_DATE_ < ? and RES.DUE_DATE_ is not null ) and ", "");
    assertThat(TaskQueryWithoutDistinct.pagedApart(noDue).variants()).hasSize(1);
  }

  /** The first (0) or second (1) half of a page read apart. */
  private static String half(String sql, int which) {
    String halves = sql.substring(0, sql.lastIndexOf(") RES order by"));
    String[] parts = halves.split(" union all ");
    return parts[which];
  }

  @Test
  void onlyAPageInTheFiltersOrderWithTheEnginesLimitIsReadApart() {
    String rewritten = OVERDUE_REWRITTEN_WHERE.substring(1);
    // ordered by anything but the filters' order, which FixedColumnsFirst starts with the task state
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart("select " + COLUMNS + rewritten + " order by RES.PRIORITY_ desc LIMIT ? OFFSET ?")).isNull();
    // every row asked for
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart("select " + COLUMNS + rewritten + " order by RES.SUSPENSION_STATE_ asc, RES.ID_ asc")).isNull();
    // a count, or a page still de-duplicated
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart("select count(*)" + OVERDUE_REWRITTEN_WHERE)).isNull();
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart("select distinct " + COLUMNS + rewritten + " order by RES.SUSPENSION_STATE_ asc LIMIT ?")).isNull();
    // ordered by a variable (a column that is not the task's)
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsPagedApart("select " + COLUMNS + rewritten + " order by RES.SUSPENSION_STATE_ asc, VAR0_.TEXT_ asc LIMIT ?")).isNull();
  }

  @Test
  void postgresCountOfDistinctTasksIsRewrittenLikeH2s() {
    // PostgreSQL's form of the same count (Camunda's countDistinctBeforeStart/AfterEnd for postgres).
    String postgres = "SELECT COUNT(*) FROM (SELECT DISTINCT RES.ID_ " + OVERDUE_WHERE + " ) countDistinct";
    String h2 = "select count(distinct RES.ID_ )" + OVERDUE_WHERE;

    TaskQueryWithoutDistinct.Plan fromPostgres = TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, FilterCountBound.LIMIT, postgres));
    TaskQueryWithoutDistinct.Plan fromH2 = TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, FilterCountBound.LIMIT, h2));

    assertThat(fromPostgres.sql()).isEqualToNormalizingWhitespace(fromH2.sql()).contains(" limit 1001) MINE_").doesNotContainIgnoringCase("distinct");
    assertThat(fromPostgres.order().order()).isEqualTo(fromH2.order().order());
    // A count PostgreSQL must still de-duplicate (another join) stays its own, and is bounded around the distinct.
    String withAuthorization = "SELECT COUNT(*) FROM (SELECT DISTINCT RES.ID_ from ACT_RU_TASK RES left JOIN ( SELECT A.* FROM ACT_RU_AUTHORIZATION A ) AUTH"
        + " ON (AUTH.RESOURCE_ID_ in (RES.ID_, '*')) WHERE RES.ASSIGNEE_ = ? ) countDistinct";
    assertThat(TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, 0, withAuthorization)).sql()).isNull();
    assertThat(TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, FilterCountBound.LIMIT, withAuthorization)).sql())
        .startsWith("select count(*) from (select distinct RES.ID_ from ACT_RU_TASK RES left JOIN").endsWith(" limit 1001) BOUNDED_");
  }

  @Test
  void onlyThatOrIsCountedApart() {
    // the page is not a count
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart("select " + COLUMNS + OVERDUE_REWRITTEN_WHERE.substring(1))).isNull();
    // the engine's join still in place (another use of the identity links)
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart("select count(distinct RES.ID_ )" + OVERDUE_WHERE)).isNull();
    // another «or» (an owner instead of the groups) may hold for both halves
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart(
            "select count(*) from ACT_RU_TASK RES WHERE ( 1 = 1 ) and ( 1 = 1 and RES.ASSIGNEE_ = ? or ( RES.OWNER_ = ? ) )"))
        .isNull();
    // the or-query not last, or a second «or» before it
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart("select count(*)" + OVERDUE_REWRITTEN_WHERE + " and RES.NAME_ = ?")).isNull();
    assertThat(TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart(
            "select count(*) from ACT_RU_TASK RES WHERE ( RES.OWNER_ = ? or RES.OWNER_ is null )" + OVERDUE_REWRITTEN_WHERE.substring(OVERDUE_REWRITTEN_WHERE.indexOf(" and ( 1 = 1 and RES.ASSIGNEE_"))))
        .isNull();
  }

  private static org.apache.ibatis.mapping.ParameterMapping p(String property) {
    return new org.apache.ibatis.mapping.ParameterMapping.Builder(new org.apache.ibatis.session.Configuration(), property, Object.class).build();
  }

  @Test
  void theParametersKeepTheirOrder() {
    String rewritten = TaskQueryWithoutDistinct.rewrite("select count(distinct RES.ID_ )" + OVERDUE_WHERE);
    // The statement's «?» stay in the same order around the same columns: key, key, key, due, assignee, group, group.
    assertThat(rewritten.replaceAll("[^?]", "")).hasSize(7);
    assertThat(rewritten.indexOf("RES.ASSIGNEE_ = ?")).isLessThan(rewritten.indexOf("I.GROUP_ID_ IN ( ?"));
    assertThat(rewritten.indexOf("RES.DUE_DATE_ < ?")).isLessThan(rewritten.indexOf("RES.ASSIGNEE_ = ?"));
  }

  @Test
  void aGroupsFreeTasksAsAnAndQuery() {
    String sql = "select count(distinct RES.ID_ ) from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_"
        + " inner join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
        + " WHERE ( 1 = 1 and ( RES.ASSIGNEE_ is null and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) ) ) and D.KEY_ in ( ? ) )";

    assertThat(TaskQueryWithoutDistinct.rewrite(sql))
        .isEqualTo("select count(*) from ACT_RU_TASK RES inner join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
            + " WHERE ( 1 = 1 and ( RES.ASSIGNEE_ is null and exists (select 1 from ACT_RU_IDENTITYLINK I where I.TASK_ID_ = RES.ID_"
            + " and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) )) ) and D.KEY_ in ( ? ) )");
  }

  @Test
  void anyOtherUseOfTheIdentityLinksKeepsTheJoinAndTheDistinct() {
    String join = "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_ WHERE ";
    // «involved user»: a user's link of any type
    assertThat(TaskQueryWithoutDistinct.rewrite(join + "( I.USER_ID_ = ? or RES.ASSIGNEE_ = ? or RES.OWNER_ = ? )")).isNull();
    // candidates with any group at all
    assertThat(TaskQueryWithoutDistinct.rewrite(join + "( RES.ASSIGNEE_ is null and I.TYPE_ = 'candidate' and I.GROUP_ID_ is not null )")).isNull();
    // the candidate condition plus another condition on the same link row
    assertThat(TaskQueryWithoutDistinct.rewrite(
            join + "( RES.ASSIGNEE_ is null and I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) ) and I.GROUP_ID_ is not null )"))
        .isNull();
    // two candidate conditions (two queries of one filter) must hold for the same link row
    assertThat(TaskQueryWithoutDistinct.rewrite(
            join + "( I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) ) ) and ( I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) ) )"))
        .isNull();
    // a condition inside the parentheses that is not the link's
    assertThat(TaskQueryWithoutDistinct.rewrite(join + "( I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) or RES.OWNER_ = ? ) )")).isNull();
  }

  @Test
  void candidateUsersAndGroupsTogetherAreStillOneConditionOnTheLink() {
    String sql = "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_"
        + " WHERE ( RES.ASSIGNEE_ is null and I.TYPE_ = 'candidate' and ( I.USER_ID_ = ? or I.GROUP_ID_ IN ( ? , ? ) ) )";

    assertThat(TaskQueryWithoutDistinct.rewrite(sql))
        .isEqualTo("select count(*) from ACT_RU_TASK RES WHERE ( RES.ASSIGNEE_ is null and exists (select 1 from ACT_RU_IDENTITYLINK I"
            + " where I.TASK_ID_ = RES.ID_ and I.TYPE_ = 'candidate' and ( I.USER_ID_ = ? or I.GROUP_ID_ IN ( ? , ? ) )) )");
  }

  @Test
  void authorizationsOrAnyOtherJoinKeepTheDistinct() {
    assertThat(TaskQueryWithoutDistinct.rewrite(
            "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
                + " left JOIN ( SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2 ) AUTH ON (AUTH.RESOURCE_ID_ in (RES.ID_, D.KEY_, '*'))"))
        .isNull();
    // A join on the definition table by anything but the task's own definition may repeat it.
    assertThat(TaskQueryWithoutDistinct.rewrite(
            "select count(distinct RES.ID_) from ACT_RU_TASK RES inner join ACT_RE_PROCDEF D on RES.TASK_DEF_KEY_ = D.KEY_"))
        .isNull();
    // Candidate groups become an «exists», but the authorization join still repeats rows: distinct stays.
    String withAuthorization = TaskQueryWithoutDistinct.rewrite(
        "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_"
            + " left JOIN ( SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2 ) AUTH ON (AUTH.RESOURCE_ID_ in (RES.ID_, '*'))"
            + " WHERE ( I.TYPE_ = 'candidate' and ( I.GROUP_ID_ IN ( ? ) ) )");
    assertThat(withAuthorization).startsWith("select count(distinct RES.ID_)").contains("exists (select 1 from ACT_RU_IDENTITYLINK I");
  }

  @Test
  void aStatementInAnotherFormIsLeftAsTheEngineWroteIt() {
    assertThat(TaskQueryWithoutDistinct.rewrite("select count(*) from (select distinct RES.ID_ from ACT_RU_TASK RES) countDistinct")).isNull();
    assertThat(TaskQueryWithoutDistinct.rewrite("select * from ( select a.*, ROWNUM rnum from ( select distinct RES.* from ACT_RU_TASK RES ) a )"))
        .isNull();
  }

  @Test
  void aStatementIsPlannedOnceAndEveryPlanIsWhatTheRulesGive() {
    String count = "select count(distinct RES.ID_ )" + OVERDUE_WHERE;
    TaskQueryWithoutDistinct.Plan plain = TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, 0, count));
    TaskQueryWithoutDistinct.Plan bounded = TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, FilterCountBound.LIMIT, count));
    TaskQueryWithoutDistinct.Plan page = TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(false, 0, "select distinct " + COLUMNS + OVERDUE_WHERE.substring(1)));

    assertThat(TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, 0, new String(count)))).isSameAs(plain);
    assertThat(plain.sql()).isEqualTo(TaskQueryWithoutDistinct.mineAndMyGroupsCountedApart(TaskQueryWithoutDistinct.rewrite(count)).sql());
    assertThat(plain.bounded()).isFalse();
    assertThat(bounded.bounded()).isTrue();
    assertThat(bounded.sql()).contains(" limit 1001) MINE_").contains(" limit 1001) GROUPS_");
    assertThat(bounded.order().order()).isEqualTo(plain.order().order());
    assertThat(page.sql()).startsWith("select RES.").contains("exists (select 1 from ACT_RU_IDENTITYLINK I");
    assertThat(page.order()).isNull();
  }

  @Test
  void aCountOfAShapeThisClassDoesNotKnowIsStillBoundedInAFilter() {
    String count = "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_ WHERE I.USER_ID_ = ?";
    TaskQueryWithoutDistinct.Plan bounded = TaskQueryWithoutDistinct.planFor(new TaskQueryWithoutDistinct.PlanKey(true, FilterCountBound.LIMIT, count));

    assertThat(bounded.sql()).isEqualTo("select count(*) from (select distinct RES.ID_ from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_ WHERE I.USER_ID_ = ? limit 1001) BOUNDED_");
    assertThat(bounded.bounded()).isTrue();
  }
}
