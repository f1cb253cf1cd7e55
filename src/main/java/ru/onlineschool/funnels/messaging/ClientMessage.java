package ru.onlineschool.funnels.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealContext;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TelegramStartLinks;
import ru.onlineschool.funnels.deal.TimelineKind;

/**
 * «Почтовик»: service tasks «Сообщение клиенту: …» (bean {@code clientMessage}, input
 * {@code template}). The models mark them {@code asyncBefore}, so this runs in a job: a failure
 * is retried by the task's {@code failedJobRetryTimeCycle} and ends as an incident in Cockpit.
 *
 * <p>Each message is sent at most once per deal, template and occasion (input {@code occasion},
 * empty unless the model names one: the trial lesson's messages name the lesson's time, so a
 * rescheduled lesson gets a new invitation and reminder). It goes in the messenger the client
 * prefers (Telegram, WhatsApp) when that channel is on and knows the client there, else by e-mail
 * (issue 20); the history says why a preferred messenger was not used. Its outbox row moves
 * QUEUED → SENDING → SENT, each step committed in its own transaction around the channel's call, so a
 * rolled-back job cannot forget that it already sent: a retry that finds SENT does nothing, and
 * one that finds SENDING (the process died between the send and its record) marks the message
 * UNCERTAIN and does not send it again. Every outcome is a line in the deal's timeline.
 */
@Component("clientMessage")
public class ClientMessage implements JavaDelegate {

  static final String TEMPLATE_VARIABLE = ProcessVariables.TEMPLATE;
  static final String OCCASION_VARIABLE = ProcessVariables.OCCASION;
  private static final Logger LOG = LoggerFactory.getLogger(ClientMessage.class);
  private static final String TELEGRAM = "telegram";
  /** The line an e-mail to a client who prefers Telegram but has no chat with the bot ends with. */
  static final String BOT_LINK_LINE = "Напишите нам в Telegram — откройте ссылку и нажмите «Старт»: ";

  private final Outbox outbox;
  private final DealStore deals;
  private final MailTemplates templates;
  private final MessageModel model;
  private final List<ClientChannel> channels;
  private final ContactDirectory contacts;
  private final TransactionTemplate ownTransaction;
  private final MessengerProperties messengers;
  private final TelegramStartLinks telegramLinks;

  public ClientMessage(
      Outbox outbox,
      DealStore deals,
      MailTemplates templates,
      MessageModel model,
      List<ClientChannel> channels,
      ContactDirectory contacts,
      PlatformTransactionManager transactions,
      MessengerProperties messengers,
      TelegramStartLinks telegramLinks) {
    this.messengers = messengers;
    this.telegramLinks = telegramLinks;
    this.outbox = outbox;
    this.deals = deals;
    this.templates = templates;
    this.model = model;
    this.channels = channels;
    this.contacts = contacts;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public void execute(DelegateExecution execution) {
    send(execution, DealContext.text(execution, TEMPLATE_VARIABLE));
  }

  /** Sends the named template to the execution's client, once per deal and occasion. */
  public void send(DelegateExecution execution, String templateName) {
    MessageTemplate template =
        MessageTemplate.byName(templateName)
            .orElseThrow(() -> new IllegalArgumentException("Неизвестный шаблон сообщения: " + templateName));
    send(DealContext.dealId(execution), occasion(execution), template, execution.getVariables());
  }

  /** Sends the template to the deal's client with the given data, once per deal. */
  public void send(long dealId, MessageTemplate template, Map<String, Object> variables) {
    send(dealId, Outbox.NO_OCCASION, template, variables);
  }

  /** The model's input {@code occasion} (e.g. the trial lesson's time), kept to the column's 60 characters. */
  private static String occasion(DelegateExecution execution) {
    Object value = execution.getVariable(OCCASION_VARIABLE);
    if (value == null || value.toString().isBlank()) {
      return Outbox.NO_OCCASION;
    }
    String text = value instanceof java.util.Date date ? date.toInstant().toString() : value.toString().trim();
    return text.length() > 60 ? text.substring(0, 60) : text;
  }

  /** Sends the template to the deal's client with the given data, once per deal and occasion. */
  public void send(long dealId, String occasion, MessageTemplate template, Map<String, Object> variables) {
    ContactDirectory.ContactData contact =
        contacts.ofDeal(dealId).orElseThrow(() -> new IllegalStateException("Сделка №" + dealId + " не найдена"));
    Recipient recipient = recipient(dealId, contact, variables);
    Route route = route(recipient);
    RenderedMessage message = withBotLink(templates.render(template, model.of(variables, recipient)), contact, recipient, route);
    Optional<ClientChannel> channel = route.channel();
    String channelCode = channel.map(ClientChannel::code).orElse(recipient.email() == null ? Outbox.CHANNEL_MESSENGER : Outbox.CHANNEL_EMAIL);
    String address = channel.flatMap(c -> c.address(recipient)).orElse(recipient.email() != null ? recipient.email() : recipient.phone());

    Outbox.Message row = ownTransaction.execute(tx -> claim(dealId, occasion, message, route, channelCode, address));
    if (row == null) {
      return;
    }
    ClientChannel via = channel.orElseThrow();
    String externalId;
    try {
      externalId = via.deliver(address, recipient, message);
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      ownTransaction.executeWithoutResult(
          tx -> {
            outbox.markFailed(row.id(), reason);
            timeline(dealId, "Не удалось отправить «" + message.title() + "» " + via.describe(address) + " (попытка " + row.attempts()
                + "): " + reason + ". Повтор по расписанию; после последней попытки — инцидент в Cockpit.");
          });
      throw new MessageNotSentException("Сообщение «" + message.title() + "» по сделке №" + dealId + " не отправлено: " + reason, e);
    }
    ownTransaction.executeWithoutResult(
        tx -> {
          outbox.markSent(row.id(), DealContext.now(), externalId);
          timeline(dealId, "Отправлено клиенту " + via.describe(address) + ": «" + message.subject() + "»"
              + (row.attempts() > 1 ? " (с попытки " + row.attempts() + ")" : "")
              + (route.notPreferred() == null ? "" : ". Не в " + route.preferred() + ", как предпочитает клиент: " + route.notPreferred()));
        });
  }

  /**
   * Records the message and decides, under the row's lock, whether this run sends it: returns the
   * row marked SENDING, or null when it was sent already, may have been sent, or cannot be sent.
   */
  private Outbox.Message claim(
      long dealId, String occasion, RenderedMessage message, Route route, String channelCode, String address) {
    Instant now = DealContext.now();
    boolean isNew = outbox.queueOnce(dealId, occasion, message, channelCode, address, now);
    Outbox.Message row = outbox.lock(dealId, message.template(), occasion).orElseThrow();
    switch (row.status()) {
      case SENT, UNCERTAIN -> {
        LOG.info("Сообщение {} по сделке №{} уже обработано ({}), повторно не отправляется", row.template(), dealId, row.status());
        return null;
      }
      case SENDING -> {
        outbox.markUncertain(row.id());
        timeline(dealId, "Отправка «" + message.title() + "» прервалась сбоем после попытки " + row.attempts()
            + ": сообщение могло уйти клиенту. Повторно не отправляем — при необходимости свяжитесь с клиентом.");
        return null;
      }
      default -> {
        if (route.channel().isEmpty()) {
          if (isNew) {
            timeline(dealId, notDelivered(message, row, route));
          }
          return null;
        }
        if (!channelCode.equals(row.channel()) || !java.util.Objects.equals(address, row.recipient())) {
          outbox.route(row.id(), channelCode, address);
        }
        outbox.markSending(row.id(), now);
        return outbox.find(dealId, message.template(), occasion).orElseThrow();
      }
    }
  }

  private String notDelivered(RenderedMessage message, Outbox.Message row, Route route) {
    String messenger = route.notPreferred() == null ? "" : " Не в " + route.preferred() + ", как предпочитает клиент: " + route.notPreferred() + ".";
    if (Outbox.CHANNEL_MESSENGER.equals(row.channel())) {
      String why = route.notPreferred() == null ? "канал мессенджера не подключён" : route.notPreferred();
      return "НЕ ОТПРАВЛЕНО: у клиента нет e-mail, а " + why + ". В мессенджер (" + row.recipient() + ") ушло бы: «"
          + message.subject() + "». " + message.body().strip();
    }
    return "НЕ ОТПРАВЛЕНО: почтовый сервер не настроен (spring.mail.host), сообщение «" + message.subject() + "» для " + row.recipient()
        + " осталось в очереди." + messenger;
  }

  /**
   * How a message goes: the channel chosen, or none; and when the client prefers a messenger that
   * cannot take it, which one ({@code preferred}) and why not ({@code notPreferred}).
   */
  private record Route(Optional<ClientChannel> channel, String preferred, String notPreferred) {}

  /**
   * The client's preferred messenger when its channel is on and the client has an address there,
   * else e-mail when it is on and the client has an address. A client who has not said how he
   * wants to be written to gets the school's default messenger ({@code school.messengers.default-channel},
   * WhatsApp as seeds 000 and 002 ask after the first missed call) when it can take the message,
   * else e-mail without a note: the default is the school's wish, not the client's. A messenger
   * nobody chose is never written to.
   */
  private Route route(Recipient recipient) {
    boolean chosen = recipient.messenger() != null && !recipient.messenger().isBlank();
    String wanted = chosen ? recipient.messenger().strip() : messengers.defaultChannel();
    Optional<ClientChannel> messenger =
        channels.stream().filter(c -> !Outbox.CHANNEL_EMAIL.equals(c.code()) && c.code().equalsIgnoreCase(wanted)).findFirst();
    if (messenger.isPresent() && messenger.get().ready() && messenger.get().address(recipient).isPresent()) {
      return new Route(messenger, null, null);
    }
    Optional<ClientChannel> email =
        channels.stream().filter(c -> Outbox.CHANNEL_EMAIL.equals(c.code()) && c.ready() && c.address(recipient).isPresent()).findFirst();
    if (!chosen) {
      return new Route(email, null, null);
    }
    String why = messenger.map(c -> c.ready() ? c.noAddressReason() : c.offReason()).orElse(null);
    return new Route(email, messenger.map(ClientChannel::title).orElse(null), why);
  }

  /**
   * A client who prefers Telegram but has not written to the school's bot yet gets the message by
   * e-mail; its last line is his personal link to the bot ({@link TelegramStartLinks}): once he
   * opens it and presses «Старт», the next messages go to Telegram as he wants.
   */
  private RenderedMessage withBotLink(RenderedMessage message, ContactDirectory.ContactData contact, Recipient recipient, Route route) {
    boolean byEmail = route.channel().filter(c -> Outbox.CHANNEL_EMAIL.equals(c.code())).isPresent();
    if (!byEmail || !TELEGRAM.equalsIgnoreCase(String.valueOf(recipient.messenger()).strip()) || recipient.telegramChatId() != null) {
      return message;
    }
    return telegramLinks
        .link(contact.id())
        .map(link -> new RenderedMessage(message.template(), message.title(), message.subject(), message.body().stripTrailing() + "\n\n" + BOT_LINK_LINE + link + "\n"))
        .orElse(message);
  }

  private Recipient recipient(long dealId, ContactDirectory.ContactData contact, Map<String, Object> variables) {
    return new Recipient(
        first(contact.name(), variables.get(ProcessVariables.CLIENT_NAME)),
        first(contact.email(), variables.get(ProcessVariables.CLIENT_EMAIL)),
        first(contact.phone(), variables.get(ProcessVariables.CLIENT_PHONE)),
        contact.messenger(),
        contacts.telegramChatOfDeal(dealId).orElse(null));
  }

  private static String first(String stored, Object variable) {
    if (stored != null && !stored.isBlank()) {
      return stored;
    }
    return variable == null || variable.toString().isBlank() ? null : variable.toString().trim();
  }

  private void timeline(long dealId, String text) {
    deals.appendTimeline(dealId, DealContext.now(), TimelineKind.MESSAGE, null, text, null);
  }
}
