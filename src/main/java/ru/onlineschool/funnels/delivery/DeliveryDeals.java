package ru.onlineschool.funnels.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.ContactDirectory;
import ru.onlineschool.funnels.deal.DealHistory;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.distribution.ManagerAvailability;
import ru.onlineschool.funnels.distribution.StaffPresence;

/**
 * What «Ведение курса» needs from the deal module beyond {@code DealStore}: copying a won sale
 * into a delivery deal with its history, and the curators' load. Joins the caller's transaction.
 */
@Component
public class DeliveryDeals {

  /** The mark before the sale's number on every copied timeline line. */
  static final String SALE_MARK = "«Продажа курса» №";

  private final DealSearch search;
  private final DealHistory history;
  private final ContactDirectory contacts;
  private final ManagerAvailability availability;
  private final StaffPresence presence;

  public DeliveryDeals(
      DealSearch search, DealHistory history, ContactDirectory contacts, ManagerAvailability availability, StaffPresence presence) {
    this.presence = presence;
    this.search = search;
    this.history = history;
    this.contacts = contacts;
    this.availability = availability;
  }

  /** A deal as the delivery API sees it. */
  public record DealState(long id, String funnel, String stageCode, boolean closed) {}

  /** The contact of a deal, for the start variables of the copy. */
  public record Contact(String name, String phone, String email) {}

  public Optional<DealState> find(long dealId) {
    return search.find(dealId).map(d -> new DealState(d.id(), d.funnel(), d.stageCode(), d.closed()));
  }

  /** The delivery deal already copied from this sale, if any (a hand-over runs once per sale). */
  public Optional<Long> deliveryOf(long saleDealId) {
    return search.followUp(saleDealId, CourseDelivery.PROCESS_KEY);
  }

  /** Copies the sale into a new delivery deal: same contact, course, budget and lead type. */
  public long copyFromSale(long saleDealId, Instant at) {
    return history.copyDeal(saleDealId, CourseDelivery.PROCESS_KEY, at);
  }

  /**
   * Copies the sale's timeline into the delivery deal as history: same times, kinds and users,
   * the text marked with the sale's number; the stage code is dropped, so that stage reports of
   * «Ведение курса» count only its own stages.
   */
  public int copyTimeline(long fromDealId, long toDealId) {
    return history.copyTimelineMarked(fromDealId, toDealId, SALE_MARK);
  }

  public Contact contactOf(long dealId) {
    return contacts
        .ofDeal(dealId)
        .map(c -> new Contact(c.name(), c.phone(), c.email()))
        .orElseThrow(() -> new IllegalStateException("Сделка " + dealId + " не найдена"));
  }

  /** Open delivery deals per responsible curator. */
  public Map<String, Integer> openDealsPerResponsible() {
    return search.openDealsPerResponsible(CourseDelivery.PROCESS_KEY);
  }

  /** Users marked unavailable (the same marks as for managers' smart distribution). */
  public Map<String, Boolean> availabilityMarks() {
    return availability.marks();
  }

  /** Which of the users are at work now (the same rule as for managers, {@link StaffPresence}). */
  public java.util.Set<String> atWork(java.util.Collection<String> users, Instant now) {
    java.util.Set<String> atWork = new java.util.HashSet<>();
    presence.states(users, now).forEach((user, state) -> {
      if (state.atWork()) {
        atWork.add(user);
      }
    });
    return atWork;
  }
}
