package ru.onlineschool.funnels.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The footer of every webapp names the school's zone in words, not by its IANA id. */
class TasklistZoneScriptTest {

  @Test
  void aZoneOfTheSchoolsListIsNamedInRussianWithItsOffset() {
    assertThat(TasklistZoneScriptController.title("Europe/Moscow")).isEqualTo("Москва (UTC+3)");
    assertThat(TasklistZoneScriptController.title("Asia/Vladivostok")).isEqualTo("Владивосток (UTC+10)");
  }

  @Test
  void aZoneOutsideTheListKeepsItsId() {
    assertThat(TasklistZoneScriptController.title("Europe/Berlin")).isEqualTo("Europe/Berlin");
  }
}
