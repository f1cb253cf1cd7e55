package ru.onlineschool.funnels.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.delivery.CourseDelivery;

/**
 * A student in «Ведение курса» without the sale before it: a contact, a delivery deal and its
 * process started by the message {@code CourseDeliveryStarted} with the variables the hand-over
 * of a paid sale passes ({@code CourseDeliveryHandOver}). The curator is picked by the process
 * itself («Назначить куратора»). Without a start date the curator's first task is «Уточнить даты
 * курса», at once; with one, «Оповестить ученика …» two days before the start.
 */
public final class CourseDeliveries {

  /** The teacher every such student has; the sale would pass the one chosen in the offer. */
  public static final String TEACHER = "Михайлова Ирина";

  private CourseDeliveries() {}

  /**
   * Starts the delivery of {@code course} to a new contact {@code student} (phone and e-mail must
   * be unique, {@code email} may be null); dates as ISO strings, or null when not known yet.
   */
  public static ProcessInstance start(
      RuntimeService runtime,
      DealStore deals,
      String student,
      String phone,
      String email,
      String course,
      String group,
      String startDate,
      String endDate) {
    long contact = deals.createContact(new NewContact(student, phone, email, null), Instant.now());
    long dealId = deals.createDeal(new NewDeal(CourseDelivery.PROCESS_KEY, contact, course, null, null), Instant.now());
    Map<String, Object> vars = new HashMap<>();
    vars.put(ProcessVariables.DEAL_ID, dealId);
    vars.put(ProcessVariables.SALE_DEAL_ID, null);
    vars.put(ProcessVariables.CLIENT_NAME, student);
    vars.put(ProcessVariables.CLIENT_PHONE, phone);
    vars.put(ProcessVariables.CLIENT_EMAIL, email);
    vars.put(ProcessVariables.COURSE, course);
    vars.put(CourseDelivery.TEACHER, TEACHER);
    vars.put(CourseDelivery.GROUP, group);
    vars.put(CourseDelivery.START_DATE, startDate);
    vars.put(CourseDelivery.END_DATE, endDate);
    ProcessInstance delivery =
        runtime
            .createMessageCorrelation(CourseDelivery.STARTED)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .setVariables(vars)
            .correlateStartMessage();
    // As the hand-over does: the deal knows its process (the deal card in Tasklist finds it so).
    deals.linkProcessInstance(dealId, delivery.getId());
    return delivery;
  }
}
