package ru.onlineschool.funnels.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.MessageCorrelationResultWithVariables;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.IdempotentRequests.Answer;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.LeadSource;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.reanimation.ReanimationWaits;
import ru.onlineschool.funnels.sale.CourseSale;

/**
 * Turns a checked lead into a «Продажа курса» deal: contact, deal row, tags, a timeline note and
 * the started process, all in one transaction with the engine — a failure leaves nothing behind.
 *
 * <p>Duplicates (SPEC «Duplicates»): an open course-sale deal of the same client makes the new
 * deal a duplicate of it ({@code duplicateOf}); the model closes it and tells the first deal's
 * manager. A closed one makes the new deal its follow-up (parent) with lead type «Вернувшиеся»
 * unless the sender named a type.
 */
@Service
public class LeadIntake {

  /** A finished answer: new, or replayed for a repeated Idempotency-Key. */
  private static final String FUNNEL = CourseSale.PROCESS_KEY;

  private final RetryingTransactions transactions;
  private final IdempotentRequests idempotency;
  private final ContactDirectory contacts;
  private final DealStore deals;
  private final DealSearch search;
  private final RuntimeService runtime;
  private final ObjectMapper json;
  private final ReanimationWaits reanimations;

  public LeadIntake(
      RetryingTransactions transactions,
      IdempotentRequests idempotency,
      ContactDirectory contacts,
      DealStore deals,
      DealSearch search,
      RuntimeService runtime,
      ObjectMapper json,
      ReanimationWaits reanimations) {
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.contacts = contacts;
    this.deals = deals;
    this.search = search;
    this.runtime = runtime;
    this.json = json;
    this.reanimations = reanimations;
  }

  /**
   * Accepts the lead once. With an idempotency key, the same request again gets the first answer;
   * the same key with another request is refused (422).
   */
  public Answer accept(ValidLead lead, String idempotencyKey, String requestHash) {
    return transactions.run(() -> idempotency.once(idempotencyKey, requestHash, () -> acceptNow(lead)));
  }

  /**
   * A lead a webhook accepted earlier ({@link LeadInboxWorker}), in the caller's transaction: the
   * same deal, duplicate check, distribution and process as {@code POST /api/leads}.
   */
  long acceptQueued(ValidLead lead, String channel, String formId) {
    return acceptNow(lead, channel, formId).dealId();
  }

  /**
   * A client's message in a messenger that becomes a lead (issue 20, inbound), in the caller's
   * transaction: the same deal, duplicate check («Вернувшиеся» after a closed deal), reanimation
   * check and process as {@code POST /api/leads}. {@code knownContactId}: the client the messenger
   * chat already belongs to — his lead needs neither phone nor e-mail; null: the contact is found by
   * the lead's phone or created (a Telegram user without a phone gets a contact with his name only).
   * A returning client's new deal goes to the manager of his last deal when that manager takes
   * leads now (the model's distribution keeps a given responsible), else by Smart distribution.
   */
  public long acceptFromMessenger(ValidLead lead, String channel, Long knownContactId) {
    return acceptNow(lead, channel, null, knownContactId, true).dealId();
  }

  private record Accepted(long dealId, Answer answer) {}

  private Answer acceptNow(ValidLead lead) {
    return acceptNow(lead, LeadSource.API, null).answer();
  }

  private Accepted acceptNow(ValidLead lead, String channel, String formId) {
    return acceptNow(lead, channel, formId, null, false);
  }

  private Accepted acceptNow(ValidLead lead, String channel, String formId, Long knownContactId, boolean keepManager) {
    Instant now = ClockUtil.getCurrentTime().toInstant();

    ContactDirectory.Match contact =
        knownContactId != null
            ? new ContactDirectory.Match(knownContactId, List.of(knownContactId), false)
            : contacts.findOrCreate(new NewContact(lead.name(), lead.phone(), lead.email(), null), now);
    contacts.noteClientTime(contact.id(), lead.clientTime());
    // A contact this lead created has no deals: no duplicate, no earlier deal, no reanimation to stop.
    Optional<Long> openDeal = contact.created() ? Optional.empty() : search.firstOpenDeal(contact.matchedIds(), FUNNEL);
    Long parent = openDeal.isPresent() || contact.created() ? null : search.latestClosedDeal(contact.matchedIds(), FUNNEL).orElse(null);
    LeadType type = lead.leadType() != null ? lead.leadType() : parent != null ? LeadType.RETURNING : LeadType.LANDING;

    long dealId = deals.createDeal(new NewDeal(FUNNEL, contact.id(), lead.course(), type.title(), parent), now);
    // The link is a fact of the intake; the model closes the deal and tells the first one's manager.
    openDeal.ifPresent(original -> deals.markDuplicateOf(dealId, original));
    deals.recordLeadSource(dealId, lead.sourceBy(channel, formId));
    deals.appendTimeline(dealId, now, TimelineKind.NOTE, null, note(lead), null);
    for (String tag : lead.tags()) {
      deals.addTag(dealId, tag, false, now);
    }

    VariableMap variables = startVariables(dealId, lead, type, openDeal.orElse(null));
    if (keepManager && parent != null) {
      String manager = deals.responsible(parent).orElse(null);
      if (manager != null) {
        variables.putValue(ProcessVariables.RESPONSIBLE, manager);
      }
    }
    // The process runs to its first wait state here; the stage and the responsible its listeners
    // recorded come back as its variables, so the answer needs no second read of the deal.
    MessageCorrelationResultWithVariables started =
        runtime
            .createMessageCorrelation(CourseSale.LEAD_RECEIVED)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .setVariables(variables)
            .startMessageOnly()
            .correlateWithResultAndVariables(false);
    deals.linkProcessInstance(dealId, started.getProcessInstance().getId());
    // The client came back by himself: a reanimation waiting for him is no longer needed.
    if (!contact.created()) {
      for (long contactId : contact.matchedIds()) {
        reanimations.clientReturned(contactId, dealId);
      }
    }

    return new Accepted(dealId, new Answer(HttpStatus.CREATED.value(), write(answerFor(dealId, started.getVariables(), openDeal.orElse(null))), false));
  }

  /**
   * Every start variable of the contract, null where the lead has nothing. The page the lead came
   * from is not one: no model, form or reader uses it, the deal keeps it in {@code lead_source}.
   */
  private static VariableMap startVariables(long dealId, ValidLead lead, LeadType type, Long duplicateOf) {
    return Variables.createVariables()
        .putValue(ProcessVariables.DEAL_ID, dealId)
        .putValue(ProcessVariables.CLIENT_NAME, lead.name())
        .putValue(ProcessVariables.CLIENT_PHONE, lead.phone())
        .putValue(ProcessVariables.CLIENT_EMAIL, lead.email())
        .putValue(ProcessVariables.COURSE, lead.course())
        .putValue(CourseSale.LEAD_TYPE, type.title())
        .putValue(CourseSale.SOURCE, lead.source())
        .putValue(CourseSale.COMMENT, lead.comment())
        .putValue(CourseSale.DUPLICATE_OF, duplicateOf);
  }

  static String note(ValidLead lead) {
    return "Заявка получена: источник "
        + (lead.source() == null ? "не указан" : lead.source())
        + ", комментарий "
        + (lead.comment() == null ? "не оставлен" : lead.comment());
  }

  /** The deal as its process left it: the stage and responsible its listeners set, the duplicate link the intake made. */
  private static LeadAccepted answerFor(long dealId, VariableMap variables, Long duplicateOf) {
    String stage = text(variables, ProcessVariables.STAGE);
    String title = text(variables, ProcessVariables.STAGE_TITLE);
    return new LeadAccepted(
        dealId, FUNNEL, stage == null ? null : new Stage(stage, title), text(variables, ProcessVariables.RESPONSIBLE), duplicateOf);
  }

  private static String text(VariableMap variables, String name) {
    Object value = variables.get(name);
    return value == null || value.toString().isBlank() ? null : value.toString();
  }

  private String write(LeadAccepted answer) {
    try {
      return json.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
