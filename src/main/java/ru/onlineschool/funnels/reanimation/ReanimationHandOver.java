package ru.onlineschool.funnels.reanimation;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealHistory;
import ru.onlineschool.funnels.deal.DealHistory.DealSummary;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.StageRecorder;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * «Передать в «Реанимацию»» (bean {@code reanimationHandOver}), called by «Продажа курса» just
 * before a deal closes as lost: starts a «Реанимация» instance with the lost deal's data. The
 * reanimation model decides by the table «Когда реанимировать» whether and when a
 * reanimation deal appears; for reasons that start nothing it ends at once.
 */
@Component("reanimationHandOver")
public class ReanimationHandOver implements JavaDelegate {

  private final DealHistory history;

  public ReanimationHandOver(DealHistory history) {
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long dealId = DealContext.dealId(execution);
    DealSummary deal =
        history.summary(dealId).orElseThrow(() -> new IllegalStateException("Сделка " + dealId + " не найдена: нечего реанимировать"));
    Map<String, Object> vars = new HashMap<>();
    vars.put(Reanimation.ORIGINAL_DEAL_ID, dealId);
    vars.put(ProcessVariables.CONTACT_ID, deal.contactId());
    vars.put(Reanimation.ORIGINAL_LOSS_REASON, DealContext.text(execution, StageRecorder.LOSS_REASON_VARIABLE));
    vars.put(Reanimation.RETURN_DATE, DealContext.text(execution, Reanimation.RETURN_DATE));
    vars.put(ProcessVariables.RESPONSIBLE, deal.responsible());
    vars.put(ProcessVariables.CLIENT_NAME, deal.clientName());
    vars.put(ProcessVariables.CLIENT_PHONE, deal.clientPhone());
    vars.put(ProcessVariables.CLIENT_EMAIL, deal.clientEmail());
    vars.put(ProcessVariables.COURSE, deal.course() != null ? deal.course() : DealContext.text(execution, ProcessVariables.COURSE));
    vars.put(CourseSale.LEAD_TYPE, deal.leadType());
    execution
        .getProcessEngineServices()
        .getRuntimeService()
        .createMessageCorrelation(Reanimation.SCHEDULED)
        .setVariables(vars)
        .correlateStartMessage();
  }
}
