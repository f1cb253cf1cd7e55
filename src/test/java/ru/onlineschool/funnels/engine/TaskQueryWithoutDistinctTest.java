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
