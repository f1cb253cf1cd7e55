package ru.onlineschool.funnels.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.lead.LeadIntake;
import ru.onlineschool.funnels.lead.LeadType;
import ru.onlineschool.funnels.lead.ValidLead;

/**
 * On an empty database the demo profile takes about a dozen leads through the real intake and
 * works some of them the way managers would, so that a newcomer opening Tasklist sees real work
 * at every stage of «Продажа курса».
 */
@Component
public class DemoDeals {

  private final LeadIntake intake;
  private final TaskService tasks;
  private final IdentityService identity;
  private final DealSearch deals;
  private final ObjectMapper json;
  private final ZoneId zone;

  public DemoDeals(
      LeadIntake intake, TaskService tasks, IdentityService identity, DealSearch deals, ObjectMapper json, SchoolProperties properties) {
    this.intake = intake;
    this.tasks = tasks;
    this.identity = identity;
    this.deals = deals;
    this.json = json;
    this.zone = properties.timeZone();
  }

  /** Creates the demo deals unless the database already has deals. */
  public void ensure() {
    if (deals.anyDeal()) {
      return;
    }
    lead("Анна Иванова", "+79161110001", "anna.ivanova@example.ru", LeadType.LANDING, "Python-разработчик", "Удобно после 18:00");
    lead("Борис Смирнов", "+79161110002", null, LeadType.INTENTION, "Аналитик данных", null);
    lead("Вера Кузнецова", "+79161110003", "vera.k@example.ru", LeadType.PRODUCT_LIVE, "Продакт-менеджер", "Оставила заявку во время вебинара");
    lead("Григорий Попов", "+79161110004", null, LeadType.REFFECTION, "Frontend-разработчик", null);

    long notReached1 = lead("Дарья Соколова", "+79161110005", "daria@example.ru", LeadType.LANDING, "UX/UI-дизайнер", null);
    work(notReached1, "Activity_ProcessLead", Map.of("outcome", "NOT_REACHED", "result", "Не взяла трубку"));
    long notReached2 = lead("Евгений Лебедев", "+79161110006", null, LeadType.WEBINAR, "Python-разработчик", null);
    work(notReached2, "Activity_ProcessLead", Map.of("outcome", "NOT_REACHED", "result", "Абонент недоступен"));

    long chat = lead("Жанна Новикова", "+79161110007", "zhanna@example.ru", LeadType.LANDING, "Аналитик данных", null);
    work(chat, "Activity_ProcessLead", Map.of("outcome", "CHAT", "result", "Ответила в WhatsApp, просит программу курса"));

    long qualified = lead("Захар Морозов", "+79161110008", "zakhar@example.ru", LeadType.WEBINAR_INTENTION, "Продакт-менеджер", null);
    work(qualified, "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Хочет начать в следующем месяце"));

    long trial = lead("Ирина Волкова", "+79161110009", "irina@example.ru", LeadType.LANDING, "Frontend-разработчик", null);
    work(trial, "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Готова попробовать пробный урок"));
    work(trial, "Activity_PrepareOffer", offer("TRIAL", Map.of("trialAt", tomorrowAt(16), "lessonLink", "https://school.example/trial/frontend")));

    long invoice = lead("Кирилл Фёдоров", "+79161110010", "kirill@example.ru", LeadType.INTENTION, "Python-разработчик", null);
    work(invoice, "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Выбрал тариф «Стандарт»"));
    work(invoice, "Activity_PrepareOffer", offer("INVOICE", Map.of("invoiceDeadline", LocalDate.now(zone).plusDays(5).toString())));

    long lost = lead("Любовь Алексеева", "+79161110011", null, LeadType.LANDING, "UX/UI-дизайнер", null);
    work(lost, "Activity_ProcessLead", Map.of("outcome", "REFUSED", "lossReason", "Дорого", "result", "Дорого, вернётся к вопросу весной"));

    // The same client again while her first deal is open: a duplicate, and a task for her manager.
    lead("Анна Иванова", "8 916 111-00-01", null, LeadType.LANDING, "Python-разработчик", "Повторно оставила заявку на сайте");
  }

  private long lead(String name, String phone, String email, LeadType type, String course, String comment) {
    String normalised = phone.startsWith("8 ") ? "+7" + phone.substring(2).replaceAll("[^0-9]", "") : phone;
    var answer =
        intake.accept(new ValidLead(name, normalised, email, type, course, "демо-данные", comment, List.of(), null), null, null);
    try {
      return json.readTree(answer.body()).path("dealId").asLong();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Демо-заявка не принята: " + answer.body(), e);
    }
  }

  private Map<String, Object> offer(String outcome, Map<String, Object> extra) {
    Map<String, Object> variables = new HashMap<>(extra);
    variables.put("outcome", outcome);
    variables.put("teacher", "Михайлова Ирина");
    variables.put("group", "ОП.01.12.26");
    variables.put("paymentType", "Эквайринг");
    variables.put("budget", 64900);
    variables.put("result", "Отправил предложение в мессенджер");
    return variables;
  }

  /** Completes the deal's task as its assignee, so the timeline names the manager. */
  private void work(long dealId, String activity, Map<String, Object> variables) {
    Task task =
        tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(dealId)).taskDefinitionKey(activity).singleResult();
    String user = task.getAssignee() != null ? task.getAssignee() : "manager1";
    if (task.getAssignee() == null) {
      tasks.claim(task.getId(), user);
    }
    identity.setAuthentication(user, List.of("managers"));
    try {
      tasks.complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  private String tomorrowAt(int hour) {
    // As the trial form sends it: the school's wall time, without offset.
    return ZonedDateTime.now(zone).plusDays(1).withHour(hour).withMinute(0).withSecond(0).withNano(0).toLocalDateTime().toString();
  }
}
