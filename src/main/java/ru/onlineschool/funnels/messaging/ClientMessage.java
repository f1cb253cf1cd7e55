package ru.onlineschool.funnels.messaging;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * Service tasks «Сообщение клиенту: …» (bean {@code clientMessage}, input {@code template}):
 * queue the message in the outbox once per deal and template and note it in the timeline.
 * Sending by e-mail or messenger is «Почтовик»'s job (issue 4); until then the message waits
 * in the outbox, and the timeline says so.
 */
@Component("clientMessage")
public class ClientMessage implements JavaDelegate {

  static final String TEMPLATE_VARIABLE = "template";

  private final Outbox outbox;
  private final DealStore deals;

  public ClientMessage(Outbox outbox, DealStore deals) {
    this.outbox = outbox;
    this.deals = deals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    queue(execution, DealContext.text(execution, TEMPLATE_VARIABLE));
  }

  /** Queues the named template for the execution's deal. */
  public void queue(DelegateExecution execution, String templateName) {
    MessageTemplate template =
        MessageTemplate.byName(templateName)
            .orElseThrow(() -> new IllegalArgumentException("Неизвестный шаблон сообщения: " + templateName));
    long dealId = DealContext.dealId(execution);
    String email = DealContext.text(execution, "clientEmail");
    String channel = email != null ? Outbox.CHANNEL_EMAIL : Outbox.CHANNEL_MESSENGER;
    String recipient = email != null ? email : DealContext.text(execution, "clientPhone");
    Instant now = DealContext.now();
    if (outbox.queueOnce(dealId, template.templateName(), channel, recipient, now)) {
      String via = Outbox.CHANNEL_EMAIL.equals(channel) ? "по e-mail " + recipient : "в мессенджер " + recipient;
      deals.appendTimeline(
          dealId,
          now,
          TimelineKind.MESSAGE,
          null,
          "Сообщение клиенту в очереди (" + via + "): «" + template.title() + "». Ещё не отправлено: отправку выполнит «Почтовик».",
          null);
    }
  }
}
