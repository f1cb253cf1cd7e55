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
import org.camunda.bpm.engine.runtime.MessageCorrelationResultWithVariables;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.IdempotentRequests.Answer;
import ru.onlineschool.funnels.api.IdempotentRequests;
import ru.onlineschool.funnels.api.RetryingTransactions;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.deal.DealStore;
import ru.onlineschool.funnels.deal.NewContact;
import ru.onlineschool.funnels.deal.NewDeal;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.deal.Stage;
import ru.onlineschool.funnels.deal.TimelineKind;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.lead.LeadType;

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
  private final ContactDirectory contacts;
  private final DealStore deals;
  private final DealSearch search;
  private final WebinarTables tables;
  private final RuntimeService runtime;
  private final ObjectMapper json;

  public WebinarRegistrations(
      RetryingTransactions transactions,
      IdempotentRequests idempotency,
      ContactDirectory contacts,
      DealStore deals,
      DealSearch search,
      WebinarTables tables,
      RuntimeService runtime,
      ObjectMapper json) {
    this.transactions = transactions;
    this.idempotency = idempotency;
    this.contacts = contacts;
    this.deals = deals;
    this.search = search;
    this.tables = tables;
    this.runtime = runtime;
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
    tables.storeOnce(webinarId, r.title(), r.startsAt(), r.durationMinutes(), r.link(), now);
    // The stored webinar wins: a later registration may carry an old start, moves come by PATCH.
    WebinarTables.StoredWebinar webinar = tables.webinar(webinarId).orElseThrow();

    ContactDirectory.Match contact = contacts.findOrCreate(new NewContact(r.name(), r.phone(), r.email(), null), now);
    Optional<Long> existing = tables.registrationOf(webinarId, contact.id());
    if (existing.isPresent()) {
      Stage stage = deals.currentStage(existing.get()).orElse(null);
      return answer(HttpStatus.OK, new WebinarAnswers.Registered(existing.get(), Webinar.PROCESS_KEY, webinarId, stage, true));
    }

    long dealId = deals.createDeal(new NewDeal(Webinar.PROCESS_KEY, contact.id(), null, LeadType.WEBINAR.title(), null), now);
    tables.register(dealId, webinarId, contact.id());
    ZoneOffset clientZone = r.startsAt().getOffset();
    String startsAt = webinar.startsAt().toInstant().atOffset(clientZone).toString();
    deals.appendTimeline(dealId, now, TimelineKind.NOTE, null,
        "Регистрация на вебинар «" + webinar.title() + "» (" + webinarId + "), начало " + startsAt, null);
    // The stage its listener recorded comes back as a variable: no second read of the deal.
    MessageCorrelationResultWithVariables started =
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
                    // No manager until the webinar is over («Назначить менеджера»): a client who
                    // writes before that gets an answer from the managers' group.
                    .putValue(ProcessVariables.RESPONSIBLE, null)
                    .putValue(ProcessVariables.CANDIDATE_GROUP, SchoolGroup.MANAGERS.id())
                    .putValue(Webinar.WEBINAR_ID, webinarId)
                    .putValue(Webinar.WEBINAR_TITLE, webinar.title())
                    .putValue(Webinar.STARTS_AT, startsAt)
                    .putValue(Webinar.DURATION_MINUTES, webinar.durationMinutes())
                    .putValue(Webinar.WEBINAR_LINK, webinar.link())
                    .putValue(Webinar.CLIENT_ZONE, clientZone.getId())
                    .putValue(Webinar.REGISTERED_AT, now.atOffset(clientZone).toString()))
            .startMessageOnly()
            .correlateWithResultAndVariables(false);
    deals.linkProcessInstance(dealId, started.getProcessInstance().getId());
    return answer(HttpStatus.CREATED, new WebinarAnswers.Registered(dealId, Webinar.PROCESS_KEY, webinarId, stage(started.getVariables()), false));
  }

  private Answer attendanceNow(String webinarId, List<WebinarRequests.ValidAttendee> attendees) {
    tables.webinar(webinarId).orElseThrow(() -> unknown(webinarId));
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
        tables.markAttended(dealId.get(), now);
        attended.add(dealId.get());
      } else {
        notMatched.add(i);
      }
    }
    return answer(HttpStatus.OK, new WebinarAnswers.AttendanceAccepted(webinarId, attended, notMatched));
  }

  private WebinarAnswers.Moved moveNow(String webinarId, OffsetDateTime startsAt) {
    tables.webinar(webinarId).orElseThrow(() -> unknown(webinarId));
    Instant now = now();
    tables.move(webinarId, startsAt.toInstant(), now);
    List<Long> open = search.openAmong(tables.registeredDeals(webinarId));
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

  /** The attendee's registration: by deal number, else by the phone or e-mail of its contact. */
  private Optional<Long> registration(String webinarId, WebinarRequests.ValidAttendee a) {
    if (a.dealId() != null) {
      return tables.registrationWithDeal(webinarId, a.dealId());
    }
    Optional<Long> contact = a.phone() != null ? contacts.byPhone(a.phone()) : contacts.byEmail(a.email());
    return contact.flatMap(id -> tables.registrationOf(webinarId, id));
  }

  private static Stage stage(VariableMap variables) {
    Object code = variables.get(ProcessVariables.STAGE);
    Object title = variables.get(ProcessVariables.STAGE_TITLE);
    return code == null ? null : new Stage(code.toString(), title == null ? null : title.toString());
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
}
