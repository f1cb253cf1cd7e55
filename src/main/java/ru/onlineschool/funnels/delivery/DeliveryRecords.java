package ru.onlineschool.funnels.delivery;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * Completion of «Подготовить и отправить сертификат» and «Собрать отзыв» (task listener bean
 * {@code deliveryRecords}): a sent certificate needs its number, a review its rating 1–5; both go
 * to the deal's timeline.
 */
@Component("deliveryRecords")
public class DeliveryRecords implements TaskListener {

  static final String CERTIFICATE_NUMBER = ProcessVariables.CERTIFICATE_NUMBER;
  static final String RATING = ProcessVariables.RATING;
  static final String REVIEW_TEXT = ProcessVariables.REVIEW_TEXT;

  private final DealStore deals;

  public DeliveryRecords(DealStore deals) {
    this.deals = deals;
  }

  @Override
  public void notify(DelegateTask task) {
    String outcome = DealContext.text(task, ProcessVariables.OUTCOME);
    String line;
    if ("SENT".equals(outcome)) {
      String number = DealContext.text(task, CERTIFICATE_NUMBER);
      if (number == null) {
        throw new BadUserRequestException("Укажите номер отправленного сертификата");
      }
      line = "Сертификат № " + number + " отправлен ученику";
    } else if ("REVIEWED".equals(outcome)) {
      int rating = rating(task);
      String text = DealContext.text(task, REVIEW_TEXT);
      if (text == null) {
        throw new BadUserRequestException("Запишите текст отзыва ученика");
      }
      line = "Отзыв ученика: оценка " + rating + " из 5 — " + text;
    } else {
      return;
    }
    long dealId = DealContext.dealId(task.getExecution());
    deals.appendTimeline(dealId, DealContext.now(), TimelineKind.NOTE, null, line, DealContext.currentUser(task.getExecution()));
  }

  private static int rating(DelegateTask task) {
    String text = DealContext.text(task, RATING);
    try {
      int rating = Integer.parseInt(text);
      if (rating >= 1 && rating <= 5) {
        return rating;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new BadUserRequestException("Оценка курса — число от 1 до 5");
  }
}
