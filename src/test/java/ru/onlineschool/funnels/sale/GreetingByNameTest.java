package ru.onlineschool.funnels.sale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the manager reads aloud: the client's first name, never «{имя}» or what a form let through. */
class GreetingByNameTest {

  private static final String SCRIPT = "Здравствуйте, {имя}! Меня зовут …, онлайн-школа.";

  @Test
  void theFirstWordOfTheNameTakesThePlaceholder() {
    assertThat(GreetingByName.addressed(SCRIPT, "  Анна-Мария   Иванова ")).isEqualTo("Здравствуйте, Анна-Мария! Меня зовут …, онлайн-школа.");
  }

  @Test
  void withoutANameOrWithMarkupTheGreetingDropsTheAddress() {
    assertThat(GreetingByName.addressed(SCRIPT, null)).isEqualTo("Здравствуйте! Меня зовут …, онлайн-школа.");
    assertThat(GreetingByName.addressed(SCRIPT, "<img src=x onerror=alert(1)> Злой")).isEqualTo("Здравствуйте! Меня зовут …, онлайн-школа.");
    assertThat(GreetingByName.addressed(SCRIPT, "123")).isEqualTo("Здравствуйте! Меня зовут …, онлайн-школа.");
  }
}
