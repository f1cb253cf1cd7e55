package ru.onlineschool.funnels.sale;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealHistory;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * Starts a «Продажа курса» deal at «Квалифицирован» from another funnel's deal (message
 * {@code QualifiedLeadHandedOver}): same contact, course and responsible manager, the other
 * deal's history copied, the manager's last result as the comment.
 */
@Component
public class QualifiedSaleStart {

  private final DealStore deals;
  private final DealHistory history;

  public QualifiedSaleStart(DealStore deals, DealHistory history) {
    this.deals = deals;
    this.history = history;
  }

  /**
   * «Передать в «Продажу курса»» from the funnel whose task runs in {@code execution}: the sale deal
   * starts, the handing deal records where the client went and closes as won — it has done its job.
   *
   * @return the new sale deal's id
   */
  public long handOver(DelegateExecution execution, String leadType, String source, String arrivalNote) {
    long from = DealContext.dealId(execution);
    long contactId = ((Number) execution.getVariable(ProcessVariables.CONTACT_ID)).longValue();
    long saleId = start(execution, from, contactId, leadType, source, arrivalNote);
    execution.setVariable(ProcessVariables.SALE_DEAL_ID, saleId);
    Instant now = DealContext.now();
    deals.appendTimeline(from, now, TimelineKind.NOTE, null, "Выявлена потребность: клиент передан в «Продажу курса», сделка №" + saleId, null);
    deals.close(from, "WON", null, now);
    return saleId;
  }

  /**
   * @param from the deal the client comes from (parent of the new one)
   * @param arrivalNote the first line of the new deal's own history
   * @return the new sale deal's id
   */
  public long start(DelegateExecution execution, long from, long contactId, String leadType, String source, String arrivalNote) {
    Instant now = DealContext.now();
    String course = DealContext.text(execution, ProcessVariables.COURSE);
    long saleId = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contactId, course, leadType, from), now);
    history.copyTimeline(from, saleId);
    deals.appendTimeline(saleId, now, TimelineKind.NOTE, null, arrivalNote, null);

    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.DEAL_ID, saleId);
    vars.put(ProcessVariables.CLIENT_NAME, execution.getVariable(ProcessVariables.CLIENT_NAME));
    vars.put(ProcessVariables.CLIENT_PHONE, execution.getVariable(ProcessVariables.CLIENT_PHONE));
    vars.put(ProcessVariables.CLIENT_EMAIL, execution.getVariable(ProcessVariables.CLIENT_EMAIL));
    vars.put(ProcessVariables.COURSE, course);
    vars.put(CourseSale.LEAD_TYPE, leadType);
    vars.put(CourseSale.SOURCE, source);
    vars.put(CourseSale.COMMENT, DealContext.text(execution, ProcessVariables.RESULT));
    vars.put(CourseSale.DUPLICATE_OF, null);
    vars.put(ProcessVariables.RESPONSIBLE, execution.getVariable(ProcessVariables.RESPONSIBLE));
    ProcessInstance sale =
        execution
            .getProcessEngineServices()
            .getRuntimeService()
            .createMessageCorrelation(CourseSale.QUALIFIED_LEAD_HANDED_OVER)
            .processInstanceBusinessKey(String.valueOf(saleId))
            .setVariables(vars)
            .correlateStartMessage();
    deals.linkProcessInstance(saleId, sale.getId());
    return saleId;
  }
}
