package ru.onlineschool.funnels.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.IdempotentRequests.Answer;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.deal.DealStore;
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
  private final ContactMatcher contacts;
  private final DealStore deals;
  private final RuntimeService runtime;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final ReanimationWaits reanimations;

  public LeadIntake(
      RetryingTransactions transactions,
      IdempotentRequests idempotency,
      ContactMatcher contacts,
      DealStore deals,
      RuntimeService runtime,
      JdbcTemplate jdbc,
      ObjectMapper json,
      ReanimationWaits reanimations) {
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.contacts = contacts;
    this.deals = deals;
    this.runtime = runtime;
    this.jdbc = jdbc;
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

  private Answer acceptNow(ValidLead lead) {
    Instant now = ClockUtil.getCurrentTime().toInstant();

    ContactMatcher.Match contact = contacts.findOrCreate(lead, now);
    Optional<Long> openDeal = firstOpenDeal(contact.matchedIds());
    Long parent = openDeal.isPresent() ? null : latestClosedDeal(contact.matchedIds()).orElse(null);
    LeadType type = lead.leadType() != null ? lead.leadType() : parent != null ? LeadType.RETURNING : LeadType.LANDING;

    long dealId = deals.createDeal(new NewDeal(FUNNEL, contact.id(), lead.course(), type.title(), parent), now);
    // The link is a fact of the intake; the model closes the deal and tells the first one's manager.
    openDeal.ifPresent(original -> deals.markDuplicateOf(dealId, original));
    deals.appendTimeline(dealId, now, TimelineKind.NOTE, null, note(lead), null);
    for (String tag : lead.tags()) {
      deals.addTag(dealId, tag, false, now);
    }

    ProcessInstance process =
        runtime
            .createMessageCorrelation(CourseSale.LEAD_RECEIVED)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .setVariables(startVariables(dealId, lead, type, openDeal.orElse(null)))
            .correlateStartMessage();
    deals.linkProcessInstance(dealId, process.getId());
    // The client came back by himself: a reanimation waiting for him is no longer needed.
    for (long contactId : contact.matchedIds()) {
      reanimations.clientReturned(contactId, dealId);
    }

    return new Answer(HttpStatus.CREATED.value(), write(answerFor(dealId)), false);
  }

  private Optional<Long> firstOpenDeal(List<Long> contactIds) {
    return jdbc.queryForList(
            "SELECT id FROM deal WHERE contact_id IN (" + placeholders(contactIds) + ") AND funnel = ?"
                + " AND closed_at IS NULL AND duplicate_of IS NULL ORDER BY created_at, id",
            Long.class,
            params(contactIds))
        .stream()
        .findFirst();
  }

  private Optional<Long> latestClosedDeal(List<Long> contactIds) {
    return jdbc.queryForList(
            "SELECT id FROM deal WHERE contact_id IN (" + placeholders(contactIds) + ") AND funnel = ?"
                + " AND closed_at IS NOT NULL AND duplicate_of IS NULL ORDER BY closed_at DESC, id DESC",
            Long.class,
            params(contactIds))
        .stream()
        .findFirst();
  }

  private static String placeholders(List<Long> ids) {
    return String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
  }

  private static Object[] params(List<Long> contactIds) {
    Object[] params = new Object[contactIds.size() + 1];
    for (int i = 0; i < contactIds.size(); i++) {
      params[i] = contactIds.get(i);
    }
    params[contactIds.size()] = FUNNEL;
    return params;
  }

  /** Every start variable of the contract, null where the lead has nothing. */
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
        .putValue(CourseSale.REFERER, lead.referer())
        .putValue(CourseSale.DUPLICATE_OF, duplicateOf);
  }

  static String note(ValidLead lead) {
    return "Заявка получена: источник "
        + (lead.source() == null ? "не указан" : lead.source())
        + ", комментарий "
        + (lead.comment() == null ? "не оставлен" : lead.comment());
  }

  private LeadAccepted answerFor(long dealId) {
    return jdbc.queryForObject(
        "SELECT stage_code, stage_title, responsible, duplicate_of FROM deal WHERE id = ?",
        (rs, row) ->
            new LeadAccepted(
                dealId,
                FUNNEL,
                rs.getString(1) == null ? null : new Stage(rs.getString(1), rs.getString(2)),
                rs.getString(3),
                rs.getObject(4, Long.class)),
        dealId);
  }

  private String write(LeadAccepted answer) {
    try {
      return json.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
