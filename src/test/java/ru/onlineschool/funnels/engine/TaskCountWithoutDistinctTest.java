package ru.onlineschool.funnels.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which of the engine's task counts may count rows: only those whose joins cannot repeat a task. */
class TaskCountWithoutDistinctTest {

  @Test
  void aCountJoiningOnlyTheTasksDefinitionCountsRows() {
    String sql = "select count(distinct RES.ID_ )\n    from ACT_RU_TASK RES\n inner join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_\n"
        + " WHERE ( 1 = 1 and RES.ASSIGNEE_ = ? and D.KEY_ in ( ? , ? ) and RES.SUSPENSION_STATE_ = 1 )";

    assertThat(TaskCountWithoutDistinct.withoutDistinct(sql))
        .startsWith("select count(*)")
        .endsWith(sql.substring(sql.indexOf(")") + 1))
        .doesNotContainIgnoringCase("distinct");
  }

  @Test
  void aCountWithoutAnyJoinCountsRows() {
    assertThat(TaskCountWithoutDistinct.withoutDistinct("select count(distinct RES.ID_) from ACT_RU_TASK RES WHERE RES.ASSIGNEE_ = ?"))
        .isEqualTo("select count(*) from ACT_RU_TASK RES WHERE RES.ASSIGNEE_ = ?");
  }

  @Test
  void candidateGroupsAuthorizationsOrAnyOtherJoinKeepTheDistinct() {
    assertThat(TaskCountWithoutDistinct.withoutDistinct(
            "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RU_IDENTITYLINK I on I.TASK_ID_ = RES.ID_"
                + " inner join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_ WHERE I.GROUP_ID_ in (?)"))
        .isNull();
    assertThat(TaskCountWithoutDistinct.withoutDistinct(
            "select count(distinct RES.ID_) from ACT_RU_TASK RES left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_"
                + " left JOIN ( SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2 ) AUTH ON (AUTH.RESOURCE_ID_ in (RES.ID_, D.KEY_, '*'))"))
        .isNull();
    // A join on the definition table by anything but the task's own definition may repeat it.
    assertThat(TaskCountWithoutDistinct.withoutDistinct(
            "select count(distinct RES.ID_) from ACT_RU_TASK RES inner join ACT_RE_PROCDEF D on RES.TASK_DEF_KEY_ = D.KEY_"))
        .isNull();
  }

  @Test
  void aCountInAnotherFormIsLeftAsTheEngineWroteIt() {
    assertThat(TaskCountWithoutDistinct.withoutDistinct("select count(*) from (select distinct RES.ID_ from ACT_RU_TASK RES) countDistinct")).isNull();
    assertThat(TaskCountWithoutDistinct.withoutDistinct("select distinct RES.* from ACT_RU_TASK RES")).isNull();
  }
}
