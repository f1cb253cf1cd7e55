package ru.onlineschool.funnels.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.onlineschool.funnels.support.Api.errors;
import static ru.onlineschool.funnels.support.Api.footprint;
import static ru.onlineschool.funnels.support.Api.json;
import static ru.onlineschool.funnels.support.Api.lead;
import static ru.onlineschool.funnels.support.Api.parse;
import static ru.onlineschool.funnels.support.Api.postWithKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.support.ApplicationTest;
import ru.onlineschool.funnels.support.TestPhones;

/** POST /api/payments: the payment webhook, idempotent by reference. */
@ApplicationTest
class PaymentApiTest {

  @Autowired TestRestTemplate rest;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired HistoryService history;
  @Autowired DealStore deals;

  /** A new deal worked through to «Счет выставлен», as a manager would in Tasklist. */
  private long dealAwaitingPayment() {
    long dealId = newDeal();
    String pid = processOf(dealId);
    completeTask(pid, "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Интерес подтверждён"));
    completeTask(
        pid,
        "Activity_PrepareOffer",
        Map.of("outcome", "INVOICE", "course", "Python-разработчик", "budget", 45000, "invoiceDeadline", "2099-12-31", "result", "Счёт выслан"));
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");
    return dealId;
  }

  private void completeTask(String processInstanceId, String activity, Map<String, Object> variables) {
    String taskId =
        tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activity).singleResult().getId();
    tasks.complete(taskId, variables);
  }

  private long newDeal() {
    ResponseEntity<String> lead = postWithKey(rest, "/api/leads", json(lead("Плательщик", TestPhones.unique())));
    assertThat(lead.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return parse(lead).path("dealId").asLong();
  }

  private String processOf(long dealId) {
    return jdbc.queryForObject("SELECT process_instance_id FROM deal WHERE id = ?", String.class, dealId);
  }

  private ResponseEntity<String> pay(Object dealId, Object amount, Object reference) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dealId", dealId);
    body.put("amount", amount);
    body.put("reference", reference);
    return postWithKey(rest, "/api/payments", json(body));
  }

  @Test
  void aPaymentMovesTheDealToWonAndIsRecordedOnce() {
    long dealId = dealAwaitingPayment();
    String pid = processOf(dealId);
    String reference = "pay-" + System.nanoTime();

    ResponseEntity<String> first = pay(dealId, 15000, reference);

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = parse(first);
    assertThat(body.path("dealId").asLong()).isEqualTo(dealId);
    assertThat(body.path("stage").path("code").asText()).isEqualTo("WON");
    assertThat(body.path("stage").path("title").asText()).isEqualTo("Успешно реализовано");
    assertThat(deals.timeline(dealId)).anySatisfy(line -> assertThat(line.text()).isEqualTo("Оплата получена: 15 000,00 ₽, платёж " + reference));
    assertThat(variable(pid, CourseSale.PAYMENT_AMOUNT)).isEqualTo("15000.00");
    assertThat(variable(pid, CourseSale.PAYMENT_REFERENCE)).isEqualTo(reference);
    assertThat(jdbc.queryForObject("SELECT amount FROM payment WHERE reference = ?", java.math.BigDecimal.class, reference))
        .isEqualByComparingTo("15000.00");

    Map<String, Long> afterFirst = footprint(jdbc);
    ResponseEntity<String> retried = pay(dealId, 15000.00, reference);

    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(retried.getBody()).isEqualTo(first.getBody());
    assertThat(footprint(jdbc)).isEqualTo(afterFirst);
  }

  @Test
  void theSameReferenceForAnotherDealOrAnotherAmountIsAConflict() {
    long dealId = dealAwaitingPayment();
    long other = dealAwaitingPayment();
    String reference = "pay-" + System.nanoTime();
    assertThat(pay(dealId, 990.5, reference).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Map<String, Long> before = footprint(jdbc);

    ResponseEntity<String> otherDeal = pay(other, 990.5, reference);
    ResponseEntity<String> otherAmount = pay(dealId, 991, reference);

    assertThat(otherDeal.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(parse(otherDeal).path("detail").asText()).contains("другой сделке");
    assertThat(otherAmount.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(footprint(jdbc)).isEqualTo(before);
    assertThat(deals.currentStage(other).orElseThrow().code()).isEqualTo("INVOICE_SENT");
  }

  @Test
  void aDealThatDoesNotAwaitPaymentIsAConflictAndAnUnknownDealIsNotFound() {
    long fresh = newDeal();
    Map<String, Long> before = footprint(jdbc);

    ResponseEntity<String> notAwaiting = pay(fresh, 100, "pay-" + System.nanoTime());
    ResponseEntity<String> unknown = pay(999_999_999L, 100, "pay-" + System.nanoTime());

    assertThat(notAwaiting.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(parse(notAwaiting).path("detail").asText()).isEqualTo("Сделка не ожидает оплату.");
    assertThat(notAwaiting.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void badFieldsAreNamedInRussian() {
    Map<String, Long> before = footprint(jdbc);

    assertThat(errors(pay(null, null, null)))
        .containsEntry("dealId", "Обязательное поле")
        .containsEntry("amount", "Обязательное поле")
        .containsEntry("reference", "Обязательное поле");
    assertThat(errors(pay(-1, 0, "r".repeat(101))))
        .containsEntry("dealId", "Номер сделки — положительное целое число")
        .containsEntry("amount", "Сумма должна быть больше нуля")
        .containsEntry("reference", "Не длиннее 100 символов");
    assertThat(errors(pay(1, -5, "ok"))).containsEntry("amount", "Сумма должна быть больше нуля");
    assertThat(errors(pay(1, 10.005, "ok"))).containsEntry("amount", "Не больше двух знаков после запятой");
    assertThat(errors(pay(1, "много", "ok"))).containsEntry("amount", "Ожидается число");
    assertThat(errors(pay(1.5, 10, "ok"))).containsEntry("dealId", "Ожидается целое число");
    assertThat(errors(postWithKey(rest, "/api/payments", "{\"dealId\":1,\"amount\":1,\"reference\":\"x\",\"currency\":\"RUB\"}")))
        .containsEntry("currency", "Неизвестное поле");
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  private Object variable(String processInstanceId, String name) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name).singleResult().getValue();
  }
}
