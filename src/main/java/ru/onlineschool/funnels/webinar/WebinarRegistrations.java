package ru.onlineschool.funnels.webinar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.IdempotentRequests.Answer;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.lead.ContactMatcher;
import ru.onlineschool.funnels.lead.LeadType;
import ru.onlineschool.funnels.lead.ValidLead;

/**
 * The webinar platform's side of the funnel «Вебинар»: registrations start a deal each (one per
 * contact and webinar), attendance reports wake the registrants' processes, a moved webinar
 * plans every open registrant's reminders again. Each call is one transaction, retried whole on
 * a conflict, with lead intake's Idempotency-Key rules.
 */
@Service
public class WebinarRegistrations {

  private final RetryingTransactions transactions;
  private final IdempotentRequests idempotency;
  private final ContactMatcher contacts;
  private final DealStore deals;
  private final RuntimeService runtime;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public WebinarRegistrations(
      RetryingTransactions transactions,
      IdempotentRequests idempotency,
      ContactMatcher contacts,
      DealStore deals,
      RuntimeService runtime,
      JdbcTemplate jdbc,
      ObjectMapper json) {
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.contacts = contacts;
    this.deals = deals;
    this.runtime = runtime;
    this.jdbc = jdbc;
    this.json = json;
  }

  public Answer register(String webinarId, WebinarRequests.ValidRegistration r, String key, String requestHash) {
    return transactions.run(() -> idempotency.once(key, requestHash, () -> registerNow(webinarId, r)));
  }

  public Answer attendance(String webinarId, List<WebinarRequests.ValidAttendee> attendees, String key, String requestHash) {
    return transactions.run(() -> idempotency.once(key, requestHash, () -> attendanceNow(webinarId, attendees)));
  }

  public WebinarAnswers.Moved move(String webinarId, OffsetDateTime startsAt) {
    return transactions.run(() -> moveNow(webinarId, startsAt));
  }

  private Answer registerNow(String webinarId, WebinarRequests.ValidRegistration r) {
    Instant now = now();
    jdbc.update(
        "INSERT INTO webinar (id, title, starts_at, duration_minutes, link, created_at, updated_at)"
            + " SELECT ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM webinar WHERE id = ?)",
        webinarId, r.title(), utc(r.startsAt().toInstant()), r.durationMinutes(), r.link(), utc(now), utc(now), webinarId);
    // The stored webinar wins: a later registration may carry an old start, moves come by PATCH.
    StoredWebinar webinar = webinar(webinarId).orElseThrow();

    ContactMatcher.Match contact =
        contacts.findOrCreate(new ValidLead(r.name(), r.phone(), r.email(), LeadType.WEBINAR, null, "вебинар " + webinarId, null, List.of(), null), now);
    List<Long> existing =
        jdbc.queryForList("SELECT deal_id FROM webinar_registration WHERE webinar_id = ? AND contact_id = ?", Long.class, webinarId, contact.id());
    if (!existing.isEmpty()) {
      return answer(HttpStatus.OK, registered(existing.get(0), webinarId, true));
    }

    long dealId = deals.createDeal(new NewDeal(Webinar.PROCESS_KEY, contact.id(), null, LeadType.WEBINAR.title(), null), now);
    jdbc.update("INSERT INTO webinar_registration (deal_id, webinar_id, contact_id) VALUES (?, ?, ?)", dealId, webinarId, contact.id());
    ZoneOffset clientZone = r.startsAt().getOffset();
    String startsAt = webinar.startsAt().toInstant().atOffset(clientZone).toString();
    deals.appendTimeline(dealId, now, TimelineKind.NOTE, null,
        "Регистрация на вебинар «" + webinar.title() + "» (" + webinarId + "), начало " + startsAt, null);
    ProcessInstance process =
        runtime
            .createMessageCorrelation(Webinar.REGISTRATION)
            .processInstanceBusinessKey(String.valueOf(dealId))
            .setVariables(
                Variables.createVariables()
                    .putValue(ProcessVariables.DEAL_ID, dealId)
                    .putValue(ProcessVariables.CONTACT_ID, contact.id())
                    .putValue(ProcessVariables.CLIENT_NAME, r.name())
                    .putValue(ProcessVariables.CLIENT_PHONE, r.phone())
                    .putValue(ProcessVariables.CLIENT_EMAIL, r.email())
                    .putValue(Webinar.WEBINAR_ID, webinarId)
                    .putValue(Webinar.WEBINAR_TITLE, webinar.title())
                    .putValue(Webinar.STARTS_AT, startsAt)
                    .putValue(Webinar.DURATION_MINUTES, webinar.durationMinutes())
                    .putValue(Webinar.WEBINAR_LINK, webinar.link())
                    .putValue(Webinar.CLIENT_ZONE, clientZone.getId())
                    .putValue(Webinar.REGISTERED_AT, now.atOffset(clientZone).toString()))
            .correlateStartMessage();
    deals.linkProcessInstance(dealId, process.getId());
    return answer(HttpStatus.CREATED, registered(dealId, webinarId, false));
  }

  private Answer attendanceNow(String webinarId, List<WebinarRequests.ValidAttendee> attendees) {
    webinar(webinarId).orElseThrow(() -> unknown(webinarId));
    Instant now = now();
    List<Long> attended = new ArrayList<>();
    List<Integer> notMatched = new ArrayList<>();
    for (int i = 0; i < attendees.size(); i++) {
      Optional<Long> dealId = registration(webinarId, attendees.get(i));
      boolean woke =
          dealId.isPresent()
              && !runtime
                  .createMessageCorrelation(Webinar.ATTENDED)
                  .processInstanceBusinessKey(String.valueOf(dealId.get()))
                  .correlateAllWithResult()
                  .isEmpty();
      if (woke) {
        jdbc.update("UPDATE webinar_registration SET attended_at = ? WHERE deal_id = ?", utc(now), dealId.get());
        attended.add(dealId.get());
      } else {
        notMatched.add(i);
      }
    }
    return answer(HttpStatus.OK, new WebinarAnswers.AttendanceAccepted(webinarId, attended, notMatched));
  }

  private WebinarAnswers.Moved moveNow(String webinarId, OffsetDateTime startsAt) {
    webinar(webinarId).orElseThrow(() -> unknown(webinarId));
    Instant now = now();
    jdbc.update("UPDATE webinar SET starts_at = ?, updated_at = ? WHERE id = ?", utc(startsAt.toInstant()), utc(now), webinarId);
    List<Long> open =
        jdbc.queryForList(
            "SELECT r.deal_id FROM webinar_registration r JOIN deal d ON d.id = r.deal_id WHERE r.webinar_id = ? AND d.closed_at IS NULL ORDER BY r.deal_id",
            Long.class, webinarId);
    int moved = 0;
    for (long dealId : open) {
      ProcessInstance pi =
          runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(dealId)).processDefinitionKey(Webinar.PROCESS_KEY).singleResult();
      if (pi == null) {
        continue;
      }
      String zone = String.valueOf(runtime.getVariable(pi.getId(), Webinar.CLIENT_ZONE));
      String clientStart = startsAt.toInstant().atOffset(ZoneOffset.of(zone)).toString();
      runtime.setVariable(pi.getId(), Webinar.STARTS_AT, clientStart);
      runtime.createMessageCorrelation(Webinar.MOVED).processInstanceId(pi.getId()).correlateAll();
      deals.appendTimeline(dealId, now, TimelineKind.NOTE, null, "Вебинар перенесён на " + clientStart + ": напоминания пересчитаны", null);
      moved++;
    }
    return new WebinarAnswers.Moved(webinarId, startsAt.toString(), moved);
  }

  private Optional<Long> registration(String webinarId, WebinarRequests.ValidAttendee a) {
    String sql = "SELECT r.deal_id FROM webinar_registration r JOIN contact c ON c.id = r.contact_id WHERE r.webinar_id = ? AND ";
    List<Long> found =
        a.dealId() != null
            ? jdbc.queryForList(sql + "r.deal_id = ?", Long.class, webinarId, a.dealId())
            : a.phone() != null
                ? jdbc.queryForList(sql + "c.phone = ?", Long.class, webinarId, a.phone())
                : jdbc.queryForList(sql + "c.email = ?", Long.class, webinarId, a.email());
    return found.stream().findFirst();
  }

  record StoredWebinar(String title, OffsetDateTime startsAt, int durationMinutes, String link) {}

  private Optional<StoredWebinar> webinar(String webinarId) {
    return jdbc.query(
            "SELECT title, starts_at, duration_minutes, link FROM webinar WHERE id = ?",
            (rs, n) -> new StoredWebinar(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getInt(3), rs.getString(4)),
            webinarId)
        .stream()
        .findFirst();
  }

  private WebinarAnswers.Registered registered(long dealId, String webinarId, boolean already) {
    Stage stage = deals.currentStage(dealId).orElse(null);
    return new WebinarAnswers.Registered(dealId, Webinar.PROCESS_KEY, webinarId, stage, already);
  }

  private static ApiException unknown(String webinarId) {
    return ApiException.notFound("Вебинар «" + webinarId + "» не найден: на него ещё никто не регистрировался.");
  }

  private Answer answer(HttpStatus status, Object body) {
    try {
      return new Answer(status.value(), json.writeValueAsString(body), false);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
