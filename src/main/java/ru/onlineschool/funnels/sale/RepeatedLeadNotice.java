package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Передать повторную заявку ответственному» (bean {@code repeatedLeadNotice}): the client
 * already has an open deal, so the new lead does not reach a second manager. The open deal
 * gets the message {@code RepeatedLead} (its responsible gets a task); this deal is linked to
 * it and closes as «Дубль».
 */
@Component("repeatedLeadNotice")
public class RepeatedLeadNotice implements JavaDelegate {

  private final DealStore deals;

  public RepeatedLeadNotice(DealStore deals) {
    this.deals = deals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long dealId = DealContext.dealId(execution);
    long originalId = ((Number) execution.getVariable(CourseSale.DUPLICATE_OF)).longValue();
    Instant now = DealContext.now();
    Map<String, Object> lead = new HashMap<>();
    lead.put(ProcessVariables.REPEATED_LEAD_SOURCE, orDash(DealContext.text(execution, CourseSale.SOURCE)));
    lead.put(ProcessVariables.REPEATED_LEAD_COMMENT, orDash(DealContext.text(execution, CourseSale.COMMENT)));
    execution
        .getProcessEngineServices()
        .getRuntimeService()
        .createMessageCorrelation(CourseSale.REPEATED_LEAD)
        .processInstanceBusinessKey(String.valueOf(originalId))
        .setVariables(lead)
        .correlate();
    deals.markDuplicateOf(dealId, originalId);
    String responsible = deals.responsible(originalId).orElse(null);
    deals.setResponsible(dealId, responsible);
    // The process's word for the intake's answer, like the row: the first deal's manager.
    execution.setVariable(ProcessVariables.RESPONSIBLE, responsible);
    deals.appendTimeline(dealId, now, TimelineKind.NOTE, null, "Повторная заявка: клиент уже в работе по сделке №" + originalId, null);
    deals.appendTimeline(
        originalId, now, TimelineKind.NOTE, null, "Клиент оставил повторную заявку (сделка №" + dealId + " закрыта как дубль)", null);
  }

  private static String orDash(String text) {
    return text == null ? "—" : text;
  }
}
