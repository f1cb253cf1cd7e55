package ru.onlineschool.funnels.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * A lead of «Продажа курса» for a contact the test made (with what it needs on the contact, such as
 * the client's time): a sales deal for «Python-разработчик» from the course page and its process,
 * started by {@code LeadReceived} with the variables the intake passes, the deal linked to it as the
 * intake links it (the deal card finds the process so).
 */
public final class CourseSaleLeads {

  private CourseSaleLeads() {}

  public static ProcessInstance start(RuntimeService runtime, DealStore deals, long contactId, String name, String phone, String email) {
    Instant now = org.camunda.bpm.engine.impl.util.ClockUtil.getCurrentTime().toInstant();
    long dealId = deals.createDeal(new NewDeal(CourseSale.PROCESS_KEY, contactId, "Python-разработчик", "С лендинга курса", null), now);
    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.DEAL_ID, dealId);
    vars.put(ProcessVariables.CLIENT_NAME, name);
    vars.put(ProcessVariables.CLIENT_PHONE, phone);
    vars.put(ProcessVariables.CLIENT_EMAIL, email);
    vars.put(ProcessVariables.COURSE, "Python-разработчик");
    vars.put(CourseSale.LEAD_TYPE, "С лендинга курса");
    vars.put(CourseSale.SOURCE, "сайт");
    vars.put(CourseSale.COMMENT, null);
    vars.put(CourseSale.REFERER, null);
    vars.put(CourseSale.DUPLICATE_OF, null);
    ProcessInstance pi =
        runtime
            .createMessageCorrelation(CourseSale.LEAD_RECEIVED)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .setVariables(vars)
            .correlateStartMessage();
    deals.linkProcessInstance(dealId, pi.getId());
    return pi;
  }
}
