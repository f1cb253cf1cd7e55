package ru.onlineschool.funnels.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.ContactDirectory.KnownContact;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.deal.DealSearch.OpenDeal;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.LeadSource;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.TelegramStartLinks;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SystemAccess;
import ru.onlineschool.funnels.inbound.InboundMessages.Outcome;
import ru.onlineschool.funnels.lead.ClientContact;
import ru.onlineschool.funnels.lead.LeadIntake;
import ru.onlineschool.funnels.lead.PhoneNumbers;
import ru.onlineschool.funnels.lead.ValidLead;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * What a client's message in a messenger does (issue 20, inbound), in the queue's transaction:
 *
 * <ol>
 *   <li>The client: Telegram — by the chat the contact keeps, else by a signed {@code /start}
 *       link ({@link TelegramStartLinks}), else by a contact card the user shared <em>of
 *       himself</em> (its phone); WhatsApp — by the phone the number is. A chat found by link or
 *       phone is kept on the contact for the next message.
 *   <li>His open deal (a «Продажа курса» deal before the others): the message goes into its
 *       history, «Клиент написал в Telegram: …», and the model decides: waiting for a recall or
 *       with the recall task open, {@code ClientReplied} ends the cadence and the deal goes to
 *       «Ведётся переписка»; in any other step {@code ClientWrote} gives the responsible
 *       «Ответить клиенту» (once: while one is open, more messages only go into the history).
 *   <li>Only closed deals: a lead of this client through {@link LeadIntake} — a new deal
 *       «Вернувшиеся» for the last deal's manager, and a waiting reanimation ends
 *       ({@code ClientReturned}).
 *   <li>Unknown sender: a new lead, named as his profile, with the WhatsApp number or the phone
 *       he shared in Telegram; a Telegram user without a phone gets a lead with his name and his
 *       chat (the manager answers in the chat).
 * </ol>
 */
@Service
public class InboundProcessing {

  /** The task the event sub-process «Сообщение клиента» gives. */
  static final String ANSWER_TASK = "Activity_AnswerClient";
  static final int PREVIEW_MAX = 80;
  static final int COMMENT_MAX = 2000;

  /** What became of a message. */
  public record Result(Outcome outcome, Long contactId, Long dealId) {}

  private final ContactDirectory contacts;
  private final DealSearch search;
  private final DealStore deals;
  private final LeadIntake intake;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final SystemAccess system;
  private final TelegramStartLinks links;

  public InboundProcessing(
      ContactDirectory contacts,
      DealSearch search,
      DealStore deals,
      LeadIntake intake,
      RuntimeService runtime,
      TaskService tasks,
      SystemAccess system,
      TelegramStartLinks links) {
    this.contacts = contacts;
    this.search = search;
    this.deals = deals;
    this.intake = intake;
    this.runtime = runtime;
    this.tasks = tasks;
    this.system = system;
    this.links = links;
  }

  public Result process(InboundMessage message) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    String line = "Клиент написал в " + message.channelTitle() + ": " + message.text();
    Optional<KnownContact> known = findClient(message);
    if (known.isPresent()) {
      KnownContact contact = known.get();
      Optional<OpenDeal> open = search.openDealOfContact(contact.id(), CourseSale.PROCESS_KEY);
      if (open.isPresent()) {
        deals.appendTimeline(open.get().id(), now, TimelineKind.MESSAGE, null, line, null);
        return new Result(signal(open.get(), message), contact.id(), open.get().id());
      }
      long dealId = intake.acceptFromMessenger(lead(message, contact.name(), contact.phone(), contact.email()), message.channel(), contact.id());
      deals.appendTimeline(dealId, now, TimelineKind.MESSAGE, null, line, null);
      return new Result(hasParent(dealId) ? Outcome.RETURNED : Outcome.LEAD, contact.id(), dealId);
    }
    String name = message.senderName() == null ? "Без имени" : message.senderName();
    long dealId = intake.acceptFromMessenger(lead(message, name, phone(message.phone()), null), message.channel(), null);
    long contactId = search.lineage(dealId).orElseThrow().contactId();
    if (LeadSource.TELEGRAM.equals(message.channel())) {
      keepChat(contactId, message.senderId());
    }
    deals.appendTimeline(dealId, now, TimelineKind.MESSAGE, null, line, null);
    return new Result(hasParent(dealId) ? Outcome.RETURNED : Outcome.LEAD, contactId, dealId);
  }

  // ---- the client ----------------------------------------------------------------------------

  private Optional<KnownContact> findClient(InboundMessage message) {
    if (LeadSource.TELEGRAM.equals(message.channel())) {
      Optional<Long> byChat = contacts.byTelegramChat(message.senderId());
      if (byChat.isPresent()) {
        return contacts.known(byChat.get());
      }
      Optional<KnownContact> byLink = links.contactOf(message.startPayload()).flatMap(contacts::known);
      Optional<KnownContact> found = byLink.isPresent() ? byLink : byPhone(phone(message.phone()));
      found.ifPresent(contact -> keepChat(contact.id(), message.senderId()));
      return found;
    }
    return byPhone(phone(message.phone()));
  }

  private Optional<KnownContact> byPhone(String phone) {
    if (phone == null) {
      return Optional.empty();
    }
    return contacts.byPhone(phone).flatMap(contacts::known);
  }

  /** The chat writes to the school as this client from now on (a chat belongs to one contact). */
  private void keepChat(long contactId, String chatId) {
    contacts.keepTelegramChat(contactId, chatId);
  }

  /** A messenger's number in E.164: WhatsApp sends digits with the country code, Telegram mostly the same. */
  static String phone(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.strip();
    if (value.matches("\\d{10,15}") && !value.startsWith("8")) {
      Optional<String> international = PhoneNumbers.toE164("+" + value);
      if (international.isPresent()) {
        return international.get();
      }
    }
    return PhoneNumbers.toE164(value).orElse(null);
  }

  // ---- the deal ------------------------------------------------------------------------------

  private boolean hasParent(long dealId) {
    return search.lineage(dealId).map(DealSearch.Lineage::parentDealId).isPresent();
  }

  /** Tells the deal's process; what happens is the model's: see the class comment. */
  private Outcome signal(OpenDeal deal, InboundMessage message) {
    String instance = deal.processInstanceId();
    if (instance == null) {
      return Outcome.NOTED;
    }
    Map<String, Object> variables =
        Map.of(
            ProcessVariables.CLIENT_MESSAGE, message.text(),
            ProcessVariables.CLIENT_MESSAGE_PREVIEW, preview(message.text()),
            ProcessVariables.CLIENT_MESSAGE_CHANNEL, message.channelTitle());
    return system.asSystem(
        () -> {
          if (waits(instance, CourseSale.CLIENT_REPLIED)) {
            runtime.createMessageCorrelation(CourseSale.CLIENT_REPLIED).processInstanceId(instance).setVariables(variables).correlate();
            return Outcome.CHAT;
          }
          if (!waits(instance, CourseSale.CLIENT_WROTE)) {
            return Outcome.NOTED;
          }
          if (tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(ANSWER_TASK).count() == 0) {
            runtime.createMessageCorrelation(CourseSale.CLIENT_WROTE).processInstanceId(instance).setVariablesToTriggeredScope(variables).correlate();
          }
          return Outcome.TASK;
        });
  }

  private boolean waits(String processInstanceId, String message) {
    return runtime.createEventSubscriptionQuery().processInstanceId(processInstanceId).eventType("message").eventName(message).count() > 0;
  }

  static String preview(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= PREVIEW_MAX ? oneLine : oneLine.substring(0, PREVIEW_MAX - 1) + "…";
  }

  // ---- the lead ------------------------------------------------------------------------------

  private static ValidLead lead(InboundMessage message, String name, String phone, String email) {
    String channelTag = message.channel().toLowerCase(java.util.Locale.ROOT);
    String comment = "Сообщение в " + message.channelTitle() + ": " + message.text();
    if (comment.length() > COMMENT_MAX) {
      comment = comment.substring(0, COMMENT_MAX - 1) + "…";
    }
    String clientName = name.length() > ClientContact.NAME_MAX ? name.substring(0, ClientContact.NAME_MAX) : name;
    return new ValidLead(clientName, phone, email, null, null, channelTag, comment, List.of(channelTag), null);
  }
}
