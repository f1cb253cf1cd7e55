package ru.onlineschool.funnels.distribution;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.deal.StageCatalog;
import ru.onlineschool.funnels.identity.LoginThrottle;
import ru.onlineschool.funnels.identity.SchoolGroup;

/**
 * The widget «Smart-распределение»: a new lead goes to the available manager with the fewest
 * open deals in the funnel's stages that count as workload; ties go to whoever got a lead longest
 * ago (round robin). Which stages count is the model's word: the stage's flow node carries the
 * property {@code countsAsWorkload=true} («Новая заявка» and «Принято в работу» of «Продажа
 * курса»); a funnel without such a stage is distributed by the round robin alone. A manager is
 * available unless marked otherwise or locked out by failed logins.
 *
 * <p>Concurrent intakes may pick the same manager at the same moment; we accept that small
 * imbalance rather than serialise every intake on one lock (docs/decisions.md).
 */
@Component
public class SmartDistribution {

  /** Fresh open deals counted per manager at most; beyond it a manager is simply full. */
  static final int LOAD_CAP = 500;

  private final ManagerAvailability availability;
  private final DealSearch deals;
  private final StageCatalog stages;
  private final IdentityService identity;
  private final LoginThrottle logins;
  private final StaffPresence presence;

  public SmartDistribution(
      ManagerAvailability availability,
      DealSearch deals,
      StageCatalog stages,
      IdentityService identity,
      LoginThrottle logins,
      StaffPresence presence) {
    this.presence = presence;
    this.availability = availability;
    this.deals = deals;
    this.stages = stages;
    this.identity = identity;
    this.logins = logins;
  }

  /**
   * The manager to give the next lead of the funnel to, or empty when nobody is available; the
   * funnel's latest deployed model says which stages count.
   */
  public Optional<String> pickManager(String funnel, Instant now) {
    return pick(funnel, () -> stages.workloadStages(funnel), now);
  }

  /** Like {@link #pickManager}, for a running process: the model version it follows says which stages count. */
  public Optional<String> pickManagerFor(String funnel, String processDefinitionId, Instant now) {
    return pick(funnel, () -> stages.workloadStagesOf(processDefinitionId), now);
  }

  private Optional<String> pick(String funnel, Supplier<Set<String>> workloadStages, Instant now) {
    ManagerAvailability.Rows rows = availability.rows();
    List<String> candidates = availableManagers(rows.marks(), now);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> load = workload(funnel, workloadStages.get(), candidates);
    Map<String, Instant> lastAssigned = rows.lastAssigned();
    String chosen =
        candidates.stream()
            .min(
                Comparator.comparing((String user) -> load.getOrDefault(user, 0))
                    .thenComparing(user -> lastAssigned.getOrDefault(user, Instant.EPOCH))
                    .thenComparing(Comparator.naturalOrder()))
            .orElseThrow();
    availability.markAssigned(chosen, now);
    return Optional.of(chosen);
  }

  /**
   * Managers who take leads now: members of {@code managers} not marked unavailable by the head
   * of sales, at work now ({@link StaffPresence}: not marked «Нет на месте», and by the table «Кто
   * на работе» in working hours and recently active) and whose
   * account is not locked by failed logins right now: a new lead waits 15 minutes at most for its
   * first call, and a manager who cannot log in may not make it. The lock ends by itself within
   * minutes, so whoever caused it steers her leads elsewhere for no longer than that.
   */
  public List<String> availableManagers() {
    return availableManagers(ClockUtil.getCurrentTime().toInstant());
  }

  private List<String> availableManagers(Instant now) {
    return availableManagers(availability.marks(), now);
  }

  private List<String> availableManagers(Map<String, Boolean> marks, Instant now) {
    List<String> candidates =
        logins.unlockedMembers(SchoolGroup.MANAGERS.id(), now).stream().filter(user -> marks.getOrDefault(user, true)).toList();
    Map<String, StaffPresence.State> states = presence.states(candidates, now);
    return candidates.stream().filter(user -> states.get(user).atWork()).sorted().toList();
  }

  /** Whether the user is a manager and currently takes leads. */
  public boolean isAvailable(String userId) {
    return availableManagers().contains(userId);
  }

  /**
   * A manager's or curator's presence now as Tasklist's header shows it: his own mark, and whether
   * he is at work (gets new leads or students) with the reason when not; the head of sales' mark
   * «unavailable» comes first.
   */
  public StaffPresence.State presenceOf(String userId, Instant now) {
    StaffPresence.State state = presence.state(userId, now);
    if (!availability.marks().getOrDefault(userId, true)) {
      return new StaffPresence.State(userId, state.present(), false, "РОП снял с распределения новых заявок");
    }
    return state;
  }

  /** Sets a manager's or curator's own mark «На месте» / «Нет на месте». */
  public void setPresence(String userId, boolean present, String changedBy, Instant at) {
    presence.mark(userId, present, changedBy, at);
  }

  /** Whether the user is a manager or a curator: those have a mark «На месте». */
  public boolean hasPresence(String userId) {
    return identity.createUserQuery().userId(userId).memberOfGroup(SchoolGroup.MANAGERS.id()).count() > 0
        || identity.createUserQuery().userId(userId).memberOfGroup(SchoolGroup.CURATORS.id()).count() > 0;
  }

  /** Whether the user is a member of the {@code managers} group. */
  public boolean isManager(String userId) {
    return managers().contains(userId);
  }

  /** Marks a manager available or not (sales-heads and admins decide; see the REST API). */
  public void setAvailability(String userId, boolean available, String changedBy, Instant at) {
    availability.set(userId, available, changedBy, at);
  }

  private List<String> managers() {
    return identity.createUserQuery().memberOfGroup(SchoolGroup.MANAGERS.id()).list().stream().map(User::getId).toList();
  }

  /**
   * Each candidate's open deals in the stages the funnel's model marks as workload, counted up to
   * {@link #LOAD_CAP}: one index range per manager, so the cost of a lead stays the same however
   * many deals the school has (a count grouped over the funnel read every deal it ever had).
   * Managers past the cap are equally overloaded; the round robin decides between them.
   */
  private Map<String, Integer> workload(String funnel, Set<String> counted, List<String> candidates) {
    return deals.openDealsInStages(funnel, candidates, counted, LOAD_CAP);
  }
}
