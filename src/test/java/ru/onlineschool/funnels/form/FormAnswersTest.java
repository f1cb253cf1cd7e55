package ru.onlineschool.funnels.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * The form check on its own, with the engine's FEEL: every form of the repository is understood
 * in full, and what Tasklist's form-js sends for a filled-in form passes while what it would
 * never send is refused.
 */
class FormAnswersTest {

  private static final FeelEngine FEEL = new ScalaFeelEngineFactory().createInstance();

  private static boolean feel(String expression, Map<String, Object> data) {
    return Boolean.TRUE.equals(FEEL.evaluateSimpleExpression(expression, Variables.fromMap(data).asVariableContext()));
  }

  private static TaskForm form(String name) throws IOException {
    return TaskForm.parse(Files.readAllBytes(Path.of("forms", name + ".form")));
  }

  private static void check(TaskForm form, Map<String, Object> sent, Map<String, Object> held) {
    FormAnswers.check(form, sent, held, FormAnswersTest::feel);
  }

  @Test
  void theServerUnderstandsEveryRuleOfEveryFormOfTheRepository() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("forms"))) {
      List<Path> forms = files.filter(f -> f.toString().endsWith(".form")).toList();
      assertThat(forms).isNotEmpty();
      for (Path file : forms) {
        TaskForm form = TaskForm.parse(Files.readAllBytes(file));
        assertThat(form.unsupported()).as(file.toString()).isEmpty();
        assertThat(form.fields()).as("%s has a result to write", file).containsKey("result");
      }
    }
  }

  @Test
  void whatTasklistSendsForAFilledInOfferPassesEmptyOptionalFieldsIncluded() throws IOException {
    Map<String, Object> sent = new HashMap<>();
    sent.put("outcome", "INVOICE");
    sent.put("course", "Python-разработчик");
    sent.put("teacher", "");
    sent.put("startDate", null);
    sent.put("group", "");
    sent.put("paymentType", null);
    sent.put("budget", 64900.5);
    sent.put("invoiceDeadline", "2030-03-10");
    sent.put("tagTrialLesson", false);
    sent.put("tagWroteInTelegram", true);
    sent.put("tagCorporatePayment", false);
    sent.put("result", "Выставил счёт");

    assertThatCode(() -> check(form("prepare-offer"), sent, Map.of("clientName", "Анна"))).doesNotThrowAnyException();
  }

  @Test
  void aCallBackAsTheFormSendsItIsAWallTimeWithoutOffset() throws IOException {
    // timeSerializingFormat «no_timezone» (issue 18): the school's wall time, read in its zone by Dates.
    TaskForm recall = form("recall");

    assertThatCode(() -> check(recall, Map.of("outcome", "CALL_BACK", "callBackAt", "2030-03-05T17:30", "result", "Просил вечером"), Map.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check(recall, Map.of("outcome", "CALL_BACK", "callBackAt", "2030-02-30T17:30", "result", "Просил"), Map.of()))
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("«Когда перезвонить: дата»")
        .hasMessageContaining("2030-03-05T17:30");
    assertThatThrownBy(() -> check(recall, Map.of("outcome", "CALL_BACK", "callBackAt", "17:30", "result", "Просил"), Map.of()))
        .isInstanceOf(BadUserRequestException.class);
  }

  @Test
  void aCallBackNeedsATimeWithItsOffsetAndADayThatExists() throws IOException {
    TaskForm recall = form("recall");

    assertThatCode(() -> check(recall, Map.of("outcome", "CALL_BACK", "callBackAt", "2030-03-05T17:30+03:00", "result", "Просил вечером"), Map.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check(recall, Map.of("outcome", "CALL_BACK", "callBackAt", "2030-02-30T17:30+03:00", "result", "Просил"), Map.of()))
        .isInstanceOf(BadUserRequestException.class)
        .hasMessageContaining("«Когда перезвонить: дата»");
  }

  @Test
  void aBlankResultIsNoResult() throws IOException {
    assertThatThrownBy(() -> check(form("recall"), Map.of("outcome", "NOT_REACHED", "result", "   \n "), Map.of()))
        .hasMessage("Заполните «Результат»: без письменного результата задачу не закрыть");
  }

  @Test
  void aValueTheDealAlreadyHoldsCountsForARequiredFieldButIsCheckedToo() throws IOException {
    Map<String, Object> sent = Map.of("outcome", "INVOICE", "budget", 42000, "invoiceDeadline", "2030-03-12", "result", "Счёт");

    assertThatCode(() -> check(form("ask-decision"), sent, Map.of("course", "Python-разработчик"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> check(form("ask-decision"), sent, Map.of("course", "П".repeat(201))))
        .hasMessageContaining("«Название курса» длиннее 200 символов");
  }

  @Test
  void aReadOnlyFieldMayComeBackUnchangedButNotChanged() {
    TaskForm form =
        TaskForm.parse(
            ("{\"id\":\"Form_Probe\",\"components\":["
                    + "{\"type\":\"textfield\",\"key\":\"clientName\",\"label\":\"Клиент\",\"readonly\":true},"
                    + "{\"type\":\"number\",\"key\":\"budget\",\"label\":\"Бюджет\",\"readonly\":true},"
                    + "{\"type\":\"textarea\",\"key\":\"result\",\"label\":\"Результат\",\"validate\":{\"required\":true}}]}")
                .getBytes(StandardCharsets.UTF_8));
    Map<String, Object> held = Map.of("clientName", "Анна", "budget", 64900);

    assertThatCode(() -> check(form, Map.of("clientName", "Анна", "budget", 64900.0, "result", "Позвонил"), held)).doesNotThrowAnyException();
    assertThatThrownBy(() -> check(form, Map.of("clientName", "Мошенник", "result", "Позвонил"), held))
        .hasMessageContaining("«Клиент» только для чтения");
  }

  @Test
  void aRuleTheServerCannotCheckStopsTheCompletionRatherThanBeingSkipped() {
    TaskForm form =
        TaskForm.parse(
            "{\"id\":\"Form_Probe\",\"components\":[{\"type\":\"textfield\",\"key\":\"phone\",\"label\":\"Телефон\",\"validate\":{\"validationType\":\"phone\"}}]}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(form.unsupported()).containsExactly("проверка «phone» поля «phone»");
    assertThatThrownBy(() -> check(form, Map.of("phone", "+79161234567"), Map.of())).hasMessageContaining("не умеет проверить");
  }

  @Test
  void aReasonIsCheckedAgainstTheListTheTaskWasGivenNeverAgainstOneSentWithTheAnswers() throws IOException {
    TaskForm recall = form("recall");
    assertThat(recall.fields().get("lossReason").optionsVariable()).isEqualTo("lossReasons");
    // What the task holds: the table's list as a Json variable (not deserialized on the server).
    Map<String, Object> held =
        Map.of("lossReasons", new FormAnswers.Serialized("[{\"label\":\"Дорого\",\"value\":\"Дорого\"},{\"label\":\"Отложили\",\"value\":\"Отложили\"}]"));

    assertThatCode(() -> check(recall, Map.of("outcome", "REFUSED", "lossReason", "Дорого", "result", "Дорого"), held)).doesNotThrowAnyException();
    assertThatThrownBy(() -> check(recall, Map.of("outcome", "REFUSED", "lossReason", "Тест", "result", "Тест"), held))
        .hasMessage("В поле «Причина отказа» нет варианта «Тест»: выберите из списка (Дорого, Отложили)");
    Map<String, Object> widened = Map.of("outcome", "REFUSED", "lossReason", "Тест", "result", "Тест", "lossReasons", List.of("Тест"));
    assertThatThrownBy(() -> check(recall, widened, held)).hasMessageContaining("В форме задачи нет поля «lossReasons»");
    assertThatThrownBy(() -> check(recall, Map.of("outcome", "REFUSED", "lossReason", "Дорого", "result", "Дорого"), Map.of()))
        .as("a task given no list accepts no reason")
        .hasMessageContaining("нет варианта «Дорого»");
  }
}
