package ru.onlineschool.funnels.reanimation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * Service tasks «Отметить: …» (bean {@code originalDealNote}, input {@code note}): a reanimation
 * that ends without a deal of its own leaves one line on the lost deal's timeline, so the
 * deal card says why nothing came back.
 */
@Component("originalDealNote")
public class OriginalDealNote implements JavaDelegate {

  static final String NOTE_VARIABLE = ProcessVariables.NOTE;

  private final DealStore deals;

  public OriginalDealNote(DealStore deals) {
    this.deals = deals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long originalDealId = ((Number) execution.getVariable(Reanimation.ORIGINAL_DEAL_ID)).longValue();
    String note = DealContext.text(execution, NOTE_VARIABLE);
    if (note == null) {
      throw new IllegalArgumentException("У задачи «" + execution.getCurrentActivityName() + "» не задан текст заметки (note)");
    }
    deals.appendTimeline(originalDealId, DealContext.now(), TimelineKind.NOTE, null, note, null);
  }
}
