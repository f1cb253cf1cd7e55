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
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.sale.CourseSale;
import ru.onlineschool.funnels.support.Api;
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
    return dealAwaitingPayment(45000);
  }

  private long dealAwaitingPayment(int budget) {
    long dealId = newDeal();
    String pid = processOf(dealId);
    completeTask(pid, "Activity_ProcessLead", Map.of("outcome", "QUALIFIED", "result", "Интерес подтверждён"));
    completeTask(
        pid,
        "Activity_PrepareOffer",
        Map.of("outcome", "INVOICE", "course", "Python-разработчик", "budget", budget, "invoiceDeadline", "2099-12-31", "result", "Счёт выслан"));
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

  private ResponseEntity<String> pay(Object dealId, Object amount, Object reference, Object currency) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dealId", dealId);
    body.put("amount", amount);
    body.put("reference", reference);
    body.put("currency", currency);
    return postWithKey(rest, "/api/payments", json(body));
  }

  private static String reference() {
    return "pay-" + System.nanoTime();
  }

  /** The deal card as the head of sales reads it. */
  private JsonNode card(long dealId) {
    ResponseEntity<String> card = rest.withBasicAuth("rop", "demo").getForEntity("/api/deals/" + dealId, String.class);
    assertThat(card.getStatusCode()).isEqualTo(HttpStatus.OK);
    return parse(card);
  }

  private Task awaitPaymentTask(long dealId) {
    return tasks.createTaskQuery().processInstanceId(processOf(dealId)).taskDefinitionKey("Activity_AwaitPayment").singleResult();
  }

  /** «Клиент оплатил — подтверждаю» as the deal's manager sends it from Tasklist (engine REST, own login). */
  private ResponseEntity<String> confirmByHand(long dealId, Object amount, String reference) {
    return confirmByHand(dealId, amount, reference, Map.of());
  }

  private ResponseEntity<String> confirmByHand(long dealId, Object amount, String reference, Map<String, Object> more) {
    Task task = awaitPaymentTask(dealId);
    Map<String, Object> variables = new LinkedHashMap<>();
    more.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    variables.put("outcome", Map.of("value", "PAID"));
    variables.put("paymentAmount", Map.of("value", amount));
    variables.put("paymentReference", Map.of("value", reference));
    variables.put("result", Map.of("value", "Клиент оплатил переводом"));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.withBasicAuth(task.getAssignee(), "demo")
        .exchange(
            "/engine-rest/task/" + task.getId() + "/complete",
            HttpMethod.POST,
            new HttpEntity<>(json(Map.of("variables", variables)), headers),
            String.class);
  }

  @Test
  void aPaymentOfTheWholeBudgetMovesTheDealToWonAndIsRecordedOnce() {
    long dealId = dealAwaitingPayment();
    String pid = processOf(dealId);
    String reference = "pay-" + System.nanoTime();

    ResponseEntity<String> first = pay(dealId, 45000, reference);

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = parse(first);
    assertThat(body.path("dealId").asLong()).isEqualTo(dealId);
    assertThat(body.path("stage").path("code").asText()).isEqualTo("WON");
    assertThat(body.path("stage").path("title").asText()).isEqualTo("Успешно реализовано");
    assertThat(body.path("paymentStatus").asText()).isEqualTo("оплачено 45 000 ₽ из 45 000 ₽");
    assertThat(deals.timeline(dealId))
        .anySatisfy(line -> assertThat(line.text()).isEqualTo("Оплата получена: 45 000 ₽, платёж «" + reference + "» — оплачено 45 000 ₽ из 45 000 ₽"));
    // The payment is the payment table's row (the engine's answers of the task keep no historic copy).
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(pid).singleResult().getEndTime()).isNotNull();
    assertThat(jdbc.queryForObject("SELECT amount FROM payment WHERE reference = ?", java.math.BigDecimal.class, reference))
        .isEqualByComparingTo("45000.00");

    Map<String, Long> afterFirst = footprint(jdbc);
    ResponseEntity<String> retried = pay(dealId, 45000.00, reference);

    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(retried.getBody()).isEqualTo(first.getBody());
    assertThat(footprint(jdbc)).isEqualTo(afterFirst);
  }

  /** The webhook takes an Idempotency-Key like every intake: a repeat replays the answer, the key with another payment is refused. */
  @Test
  void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherPayment() {
    long dealId = dealAwaitingPayment(30000);
    String key = "webhook-" + System.nanoTime();
    String reference = reference();

    ResponseEntity<String> first = payWithKey(key, dealId, 10000, reference);
    assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(HttpStatus.CREATED);
    assertThat(parse(first).path("paymentStatus").asText()).isEqualTo("оплачено 10 000 ₽ из 30 000 ₽");
    Map<String, Long> afterFirst = footprint(jdbc);

    ResponseEntity<String> repeated = payWithKey(key, dealId, 10000, reference);
    assertThat(repeated.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(repeated.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(repeated.getBody()).isEqualTo(first.getBody());
    assertThat(footprint(jdbc)).isEqualTo(afterFirst);

    ResponseEntity<String> another = payWithKey(key, dealId, 5000, reference());
    assertThat(another.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(another.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(parse(another).path("title").asText()).isEqualTo("Ключ идемпотентности уже использован");
    assertThat(footprint(jdbc)).isEqualTo(afterFirst);
    assertThat(parse(payWithKey(" ", dealId, 5000, reference())).path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
  }

  private ResponseEntity<String> payWithKey(String key, Object dealId, Object amount, Object reference) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dealId", dealId);
    body.put("amount", amount);
    body.put("reference", reference);
    HttpHeaders headers = Api.keyHeader();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("Idempotency-Key", key);
    return rest.exchange("/api/payments", HttpMethod.POST, new HttpEntity<>(json(body), headers), String.class);
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
    assertThat(parse(notAwaiting).path("detail").asText()).isEqualTo("Сделка не ожидает оплату: она на этапе «Принято в работу».");
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
    assertThat(errors(postWithKey(rest, "/api/payments", "{\"dealId\":1,\"amount\":1,\"reference\":\"x\",\"vat\":0}")))
        .containsEntry("vat", "Неизвестное поле");
    assertThat(errors(pay(1, 10, "ok", "USD"))).containsEntry("currency", "Принимаем оплату только в рублях: RUB или без поля currency");
    assertThat(errors(pay(1, 10, "ok", ""))).containsKey("currency");
    assertThat(footprint(jdbc)).isEqualTo(before);
  }

  @Test
  void aPaymentOf100RublesDoesNotWinADealInvoicedAt64900() {
    long dealId = dealAwaitingPayment(64900);

    ResponseEntity<String> paid = pay(dealId, 100, reference());

    assertThat(paid.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(parse(paid).path("stage").path("code").asText()).isEqualTo("INVOICE_SENT");
    assertThat(parse(paid).path("paymentStatus").asText()).isEqualTo("оплачено 100 ₽ из 64 900 ₽");
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");
    assertThat(jdbc.queryForObject("SELECT outcome FROM deal WHERE id = ?", String.class, dealId)).isNull();
    assertThat(awaitPaymentTask(dealId)).isNotNull();
  }

  @Test
  void instalmentsAreRecordedOnTheDealAndTheDealIsWonWhenTheBudgetIsPaid() {
    long dealId = dealAwaitingPayment(64900);
    String first = reference();
    String second = reference();

    ResponseEntity<String> part = pay(dealId, 20000, first);

    assertThat(part.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(parse(part).path("stage").path("title").asText()).isEqualTo("Счет выставлен");
    JsonNode card = card(dealId);
    assertThat(card.path("stage").path("code").asText()).isEqualTo("INVOICE_SENT");
    assertThat(card.path("paid").decimalValue()).isEqualByComparingTo("20000");
    assertThat(card.path("paymentStatus").asText()).isEqualTo("оплачено 20 000 ₽ из 64 900 ₽");
    assertThat(card.path("payments")).hasSize(1);
    assertThat(card.path("payments").get(0).path("reference").asText()).isEqualTo(first);
    assertThat(card.path("payments").get(0).path("currency").asText()).isEqualTo("RUB");
    // The manager's task is still there and says how much is paid.
    Task task = awaitPaymentTask(dealId);
    assertThat(task).isNotNull();
    assertThat(tasks.getVariable(task.getId(), CourseSale.PAYMENT_STATUS)).isEqualTo("оплачено 20 000 ₽ из 64 900 ₽");

    ResponseEntity<String> rest2 = pay(dealId, 44900, second, "RUB");

    assertThat(rest2.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(parse(rest2).path("stage").path("code").asText()).isEqualTo("WON");
    card = card(dealId);
    assertThat(card.path("outcome").asText()).isEqualTo("WON");
    assertThat(card.path("paymentStatus").asText()).isEqualTo("оплачено 64 900 ₽ из 64 900 ₽");
    assertThat(card.path("payments")).extracting(p -> p.path("reference").asText()).containsExactly(first, second);
    assertThat(card.path("timeline"))
        .filteredOn(line -> line.path("kind").asText().equals("PAYMENT"))
        .extracting(line -> line.path("text").asText())
        .containsExactly(
            "Оплата получена: 20 000 ₽, платёж «" + first + "» — оплачено 20 000 ₽ из 64 900 ₽",
            "Оплата получена: 44 900 ₽, платёж «" + second + "» — оплачено 64 900 ₽ из 64 900 ₽");

    // A retry of the first instalment gets the first answer, though the deal has moved on since.
    ResponseEntity<String> retried = pay(dealId, 20000, first);
    assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(retried.getBody()).isEqualTo(part.getBody());
  }

  @Test
  void anOverpaymentOrAnotherCurrencyIsRefusedAndNothingIsRecorded() {
    long dealId = dealAwaitingPayment(64900);
    assertThat(pay(dealId, 20000, reference()).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Map<String, Long> before = footprint(jdbc);

    ResponseEntity<String> overpaid = pay(dealId, 50000, reference());
    ResponseEntity<String> dollars = pay(dealId, 100, reference(), "USD");

    assertThat(overpaid.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(overpaid.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(errors(overpaid))
        .containsEntry(
            "amount", "Платёж на 50 000 ₽ больше остатка по счёту: оплачено 20 000 ₽ из 64 900 ₽, осталось оплатить 44 900 ₽.");
    assertThat(dollars.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(dollars)).containsOnlyKeys("currency");
    assertThat(footprint(jdbc)).isEqualTo(before);
    assertThat(card(dealId).path("paymentStatus").asText()).isEqualTo("оплачено 20 000 ₽ из 64 900 ₽");
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");
  }

  @Test
  void theManagersOwnConfirmationIsCheckedAgainstTheInvoiceToo() {
    long dealId = dealAwaitingPayment(64900);
    Map<String, Long> before = footprint(jdbc);
    String taskBefore = awaitPaymentTask(dealId).getId();

    ResponseEntity<String> tooMuch = confirmByHand(dealId, 70000, "п/п 1");
    ResponseEntity<String> noAmount = confirmByHand(dealId, "", "п/п 1");

    assertThat(tooMuch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(parse(tooMuch).path("message").asText()).contains("больше остатка по счёту");
    assertThat(noAmount.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(parse(noAmount).path("message").asText()).isEqualTo("Заполните «Сумма платежа, ₽»");
    assertThat(footprint(jdbc)).isEqualTo(before);
    assertThat(awaitPaymentTask(dealId).getId()).isEqualTo(taskBefore);

    assertThat(confirmByHand(dealId, 20000, "п/п 1").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");
    JsonNode card = card(dealId);
    assertThat(card.path("paymentStatus").asText()).isEqualTo("оплачено 20 000 ₽ из 64 900 ₽");
    assertThat(card.path("payments").get(0).path("confirmedBy").asText()).isNotBlank();
    assertThat(tasks.getVariable(awaitPaymentTask(dealId).getId(), CourseSale.PAYMENT_STATUS)).isEqualTo("оплачено 20 000 ₽ из 64 900 ₽");
    // The next «Контролировать оплату» opens with an empty amount and number: nothing to confirm twice by pressing «Завершить».
    Task next = awaitPaymentTask(dealId);
    ResponseEntity<String> form =
        rest.withBasicAuth(next.getAssignee(), "demo").getForEntity("/engine-rest/task/" + next.getId() + "/form-variables", String.class);
    assertThat(parse(form).path(CourseSale.PAYMENT_AMOUNT).path("value").isNull()).as(form.getBody()).isTrue();
    assertThat(parse(form).path(CourseSale.PAYMENT_REFERENCE).path("value").isNull()).as(form.getBody()).isTrue();
    // The same bank transfer cannot be counted twice, by hand or by the webhook.
    assertThat(confirmByHand(dealId, 20000, "п/п 1").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(confirmByHand(dealId, 44900, "п/п 2").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("WON");
    assertThat(card(dealId).path("paid").decimalValue()).isEqualByComparingTo("64900");
  }

  @Test
  void theInvoiceCannotBeShrunkToWhatWasPaidNorTheRuleFedWithMadeUpNumbers() {
    long dealId = dealAwaitingPayment(64900);
    Map<String, Long> before = footprint(jdbc);

    // The manager sends, with a 100 ₽ confirmation, a budget of 100 ₽.
    ResponseEntity<String> shrunk = confirmByHand(dealId, 100, "п/п 7", Map.of("budget", 100));

    assertThat(shrunk.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    // The task's form has no budget field: the server's form check refuses it before the payment rule.
    assertThat(parse(shrunk).path("message").asText()).isEqualTo("В форме задачи нет поля «budget»: такие данные задача не принимает");
    assertThat(footprint(jdbc)).isEqualTo(before);
    assertThat(card(dealId).path("budget").decimalValue()).isEqualByComparingTo("64900");

    // Or the decision table's inputs, made up: not the form's fields, refused; nothing paid.
    ResponseEntity<String> madeUp =
        confirmByHand(dealId, 100, "п/п 7", Map.of("paidTotal", 64900.0, "invoicedBudget", 100.0, "paymentCount", 5, "dealPaid", true));

    assertThat(madeUp.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(footprint(jdbc)).isEqualTo(before);
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");

    // The honest confirmation of 100 ₽ is taken as a part payment.
    assertThat(confirmByHand(dealId, 100, "п/п 7", Map.of()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(deals.currentStage(dealId).orElseThrow().code()).isEqualTo("INVOICE_SENT");
    assertThat(card(dealId).path("paymentStatus").asText()).isEqualTo("оплачено 100 ₽ из 64 900 ₽");
  }
}
