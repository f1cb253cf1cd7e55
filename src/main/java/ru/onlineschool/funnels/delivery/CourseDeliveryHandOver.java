package ru.onlineschool.funnels.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Передать в «Ведение курса»» (bean {@code courseDeliveryHandOver}), run by the won sale right
 * before «Успешно реализовано»: copies the deal into the funnel «Ведение курса» (same contact,
 * course, history, parent = the sale) and starts its process by the message
 * {@code CourseDeliveryStarted}, all in the sale's transaction. A sale hands over once: a
 * second run finds the copy and does nothing. Without an end date the course is assumed to last
 * {@code school.course-delivery.default-duration}; without a start date the curator is asked.
 */
@Component("courseDeliveryHandOver")
public class CourseDeliveryHandOver implements JavaDelegate {

  private final DeliveryDeals deliveryDeals;
  private final DealStore deals;
  private final CourseCalendar calendar;
  private final CourseDeliveryProperties properties;

  public CourseDeliveryHandOver(
      DeliveryDeals deliveryDeals, DealStore deals, CourseCalendar calendar, CourseDeliveryProperties properties) {
    this.deliveryDeals = deliveryDeals;
    this.deals = deals;
    this.calendar = calendar;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long saleDealId = DealContext.dealId(execution);
    if (deliveryDeals.deliveryOf(saleDealId).isPresent()) {
      return;
    }
    Instant now = DealContext.now();
    long deliveryDealId = deliveryDeals.copyFromSale(saleDealId, now);
    deliveryDeals.copyTimeline(saleDealId, deliveryDealId);
    deals.appendTimeline(
        deliveryDealId, now, TimelineKind.NOTE, null, "Сделка создана из оплаченной сделки «Продажа курса» №" + saleDealId, null);
    deals.appendTimeline(
        saleDealId, now, TimelineKind.NOTE, null, "Ученик передан в «Ведение курса»: сделка №" + deliveryDealId, null);

    ProcessInstance delivery =
        execution
            .getProcessEngineServices()
            .getRuntimeService()
            .createMessageCorrelation(CourseDelivery.STARTED)
            .processInstanceBusinessKey(String.valueOf(deliveryDealId))
            .setVariables(startVariables(execution, saleDealId, deliveryDealId))
            .correlateStartMessage();
    deals.linkProcessInstance(deliveryDealId, delivery.getId());
  }

  private Map<String, Object> startVariables(DelegateExecution sale, long saleDealId, long deliveryDealId) {
    DeliveryDeals.Contact contact = deliveryDeals.contactOf(saleDealId);
    LocalDate start = date(sale, CourseDelivery.START_DATE);
    LocalDate end = date(sale, CourseDelivery.END_DATE);
    if (end == null && start != null) {
      end = start.plus(properties.defaultDuration());
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(ProcessVariables.DEAL_ID, deliveryDealId);
    variables.put(ProcessVariables.SALE_DEAL_ID, saleDealId);
    variables.put(ProcessVariables.CLIENT_NAME, contact.name());
    variables.put(ProcessVariables.CLIENT_PHONE, contact.phone());
    variables.put(ProcessVariables.CLIENT_EMAIL, contact.email());
    variables.put(ProcessVariables.COURSE, DealContext.text(sale, ProcessVariables.COURSE));
    variables.put(CourseDelivery.TEACHER, DealContext.text(sale, CourseDelivery.TEACHER));
    variables.put(CourseDelivery.GROUP, DealContext.text(sale, CourseDelivery.GROUP));
    variables.put(CourseDelivery.START_DATE, start == null ? null : start.toString());
    variables.put(CourseDelivery.END_DATE, end == null ? null : end.toString());
    return variables;
  }

  private LocalDate date(DelegateExecution sale, String name) {
    Object value = sale.getVariable(name);
    return value == null || value.toString().isBlank() ? null : calendar.day(value);
  }
}
