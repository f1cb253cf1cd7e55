package ru.onlineschool.funnels.deal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.support.ApplicationTest;

/**
 * The statements of «Найти клиента» and «Доска сделок» read index ranges, never a whole table: H2's
 * plan of each (EXPLAIN) names the index it uses. Timings at 50,000 rows: WorkplaceBenchmark.
 */
@ApplicationTest
class WorkplaceQueryPlanTest {

  private static final List<String> SALES = List.of("course-sale", "webinar", "reanimation");

  /**
   * A board column reads an index range of the funnel's open deals: at 50,000 rows H2 picks
   * deal_board_idx (funnel, stage, open, time in stage), on the test's small table it may pick
   * deal_open_stage_idx (or, for one responsible, deal_responsible_idx); either way no table scan.
   */
  /** H2 writes the index condition it reads by as a comment after the table: «/* PUBLIC.INDEX: condition * /». */
  private static final String WORD_RANGE = "/\\* PUBLIC\\.\\w+: WORD >= \\?1\\s+AND WORD < \\?2";
  private static final String COLUMN_RANGE = "/\\* PUBLIC\\.DEAL_\\w+: [^*]*FUNNEL = \\?1";

  @Autowired JdbcTemplate jdbc;

  private String plan(String sql, Object... args) {
    String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + sql, String.class, args)).toUpperCase();
    System.out.println(plan);
    return plan;
  }

  private static Object[] with(List<Object> first, List<String> funnels) {
    List<Object> all = new java.util.ArrayList<>(first);
    all.addAll(funnels);
    return all.toArray();
  }

  @Test
  void aPhoneAndAnEmailAreOneUniqueIndexLookUpAndTheDealsCheckUsesTheContactsIndex() {
    String byPhone = plan(ContactSearch.contactsSql(ContactSearch.BY_PHONE, SALES.size(), 1), with(List.of("+79161234567"), SALES));
    assertThat(byPhone).contains("CONTACT_PHONE_UQ").contains("CONTACT_ID = C.ID */").doesNotContain("TABLESCAN");
    String byEmail = plan(ContactSearch.contactsSql(ContactSearch.BY_EMAIL, SALES.size(), 1), with(List.of("a@example.ru"), SALES));
    assertThat(byEmail).contains("CONTACT_EMAIL_UQ").doesNotContain("TABLESCAN");
  }

  @Test
  void aLeadsContactIsTwoUniqueIndexLookUpsInOneStatement() {
    String plan = plan(ContactDirectory.BY_PHONE_OR_EMAIL, "+79161234567", "a@example.ru");
    assertThat(plan).contains("CONTACT_PHONE_UQ").contains("CONTACT_EMAIL_UQ").doesNotContain("TABLESCAN");
  }

  @Test
  void distributionCountsEveryManagersFreshDealsInOneStatementOneIndexRangeEach() {
    String plan = plan(DealSearch.openDealsInStagesSql(3, 2, 100), "course-sale", "manager1", "ACCEPTED", "NEW", "course-sale", "manager2",
        "ACCEPTED", "NEW", "course-sale", "manager3", "ACCEPTED", "NEW");
    assertThat(plan).doesNotContain("TABLESCAN");
    for (int manager = 1; manager <= 3; manager++) {
      assertThat(plan).containsPattern("DEAL_OPEN_RESPONSIBLE_IDX: FUNNEL = \\?\\d+\\s+AND RESPONSIBLE = \\?" + (4 * manager - 2) + "\\b");
    }
  }

  @Test
  void aNameIsARangeOfTheWordsIndexPerTypedWord() {
    String oneWord = plan(ContactSearch.contactsSql(ContactSearch.nameCondition(1), -1, 21), "смир", ContactSearch.upperBound("смир"));
    assertThat(oneWord).containsPattern(WORD_RANGE).doesNotContain("TABLESCAN");
    String twoWords =
        plan(
            ContactSearch.contactsSql(ContactSearch.nameCondition(2), SALES.size(), 21),
            with(List.of("смирн", ContactSearch.upperBound("смирн"), "ан", ContactSearch.upperBound("ан")), SALES));
    assertThat(twoWords).containsPattern(WORD_RANGE).contains("CONTACT_ID = C.ID */").doesNotContain("TABLESCAN");
  }

  @Test
  void aBoardColumnIsOneRangeOfTheBoardIndexWithOrWithoutTheResponsible() {
    String everyone = plan(DealBoard.columnSql(false, 20, 20), "course-sale", "ACCEPTED");
    assertThat(everyone).containsPattern(COLUMN_RANGE).doesNotContain("TABLESCAN");
    String mine = plan(DealBoard.columnSql(true, 0, 20), "course-sale", "ACCEPTED", "manager1");
    assertThat(mine).containsPattern("/\\* PUBLIC\\.DEAL_\\w+: [^*]*(FUNNEL = \\?1|RESPONSIBLE = \\?3)").doesNotContain("TABLESCAN");
  }

  @Test
  void wordsAreLowerCasedWithYoAsYeAndTheRangeEndsAfterEveryWordWithThePrefix() {
    assertThat(ContactSearch.words("Анна-Мария  ЁЛКИНА, Anna анна")).containsExactly("анна", "мария", "елкина", "anna");
    assertThat(ContactSearch.words("«—»")).isEmpty();
    assertThat(ContactSearch.upperBound("смир")).isEqualTo("смис");
    assertThat("смирнова".compareTo("смир")).isPositive();
    assertThat("смирнова".compareTo(ContactSearch.upperBound("смир"))).isNegative();
  }
}
