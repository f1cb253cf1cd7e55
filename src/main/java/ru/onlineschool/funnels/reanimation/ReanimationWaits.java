package ru.onlineschool.funnels.reanimation;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.deal.DealSearch;
import ru.onlineschool.funnels.deal.ProcessVariables;
import ru.onlineschool.funnels.identity.SystemAccess;

/**
 * The waiting reanimations of a contact, for the lead intake: a client who leaves a new lead
 * while a reanimation waits for its date came back by himself, so the waiting ends without a
 * reanimation deal (the lost deal's timeline says so). Call it in the intake's transaction.
 */
@Component
public class ReanimationWaits {

  static final String RETURNED_WITH_DEAL = ProcessVariables.RETURNED_WITH_DEAL_ID;

  private final RuntimeService runtime;
  private final SystemAccess system;
  private final DealSearch deals;

  public ReanimationWaits(RuntimeService runtime, SystemAccess system, DealSearch deals) {
    this.runtime = runtime;
    this.system = system;
    this.deals = deals;
  }

  /** Cancels the contact's waiting reanimations; returns how many were waiting. */
  public int clientReturned(long contactId) {
    return clientReturned(contactId, null);
  }

  /**
   * Cancels the contact's waiting reanimations, naming the new deal in the lost deal's
   * timeline; returns how many were waiting.
   */
  public int clientReturned(long contactId, Long newDealId) {
    // A reanimation is only ever started for a deal of the contact that closed as lost, in the
    // same transaction. Without such a deal nothing can wait: skip the correlation, whose query
    // matches the contact variable without an index and grows with every running process
    // (benchmark, docs/performance.md).
    if (!deals.hasLostDeal(contactId)) {
      return 0;
    }
    // The intake acts for the school, not for whoever is signed in: no authorization checks.
    // Only «Реанимация» waits for ClientReturned, so the message name alone selects the process.
    return system.asSystem(
        () ->
            runtime
                .createMessageCorrelation(Reanimation.CLIENT_RETURNED)
                .processInstanceVariableEquals(ProcessVariables.CONTACT_ID, contactId)
                .setVariable(RETURNED_WITH_DEAL, newDealId == null ? "—" : "№" + newDealId)
                .correlateAllWithResult()
                .size());
  }
}
