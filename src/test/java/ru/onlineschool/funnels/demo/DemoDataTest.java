package ru.onlineschool.funnels.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.ClassUtils;
import ru.onlineschool.funnels.identity.StartupStep;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.tasklist.TasklistFilters;

/**
 * The demo data joins the start through the startup hook, last: its users need the groups, its
 * deals go through the whole application. (Every application test logs in as a demo user, so the
 * step itself is exercised everywhere.)
 */
@ApplicationTest
class DemoDataTest {

  @Autowired List<StartupStep> steps;

  @Test
  void theDemoDataIsTheLastStartupStepAfterTheTasklistFilters() {
    // ContactSearch (issue 16) gives the words of their names to contacts stored before the client search existed.
    assertThat(steps)
        .<Class<?>>extracting(ClassUtils::getUserClass)
        .containsExactly(
            ru.onlineschool.funnels.tasklist.TasklistIndexes.class, TasklistFilters.class, ru.onlineschool.funnels.deal.ContactSearch.class, DemoData.class);
  }
}
