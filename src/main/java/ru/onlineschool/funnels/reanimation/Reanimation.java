package ru.onlineschool.funnels.reanimation;

import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The contract of the model {@code bpmn/reanimation.bpmn} with the code around it: message
 * names, the waiting step and the process variables the hand-over sets.
 */
public final class Reanimation {

  public static final String PROCESS_KEY = "reanimation";

  /** Message start: a «Продажа курса» deal was lost; the table decides whether and when to come back. */
  public static final String SCHEDULED = "ReanimationScheduled";
  /** Intermediate message: the client came back by himself (a new lead), the wait is over. */
  public static final String CLIENT_RETURNED = "ClientReturned";

  /** The timer the waiting reanimations sit at (Cockpit counts them here). */
  public static final String WAIT_ACTIVITY = "Event_ReanimationDue";

  /** Start variables: the lost deal and its client. */
  public static final String ORIGINAL_DEAL_ID = ProcessVariables.ORIGINAL_DEAL_ID;
  public static final String ORIGINAL_LOSS_REASON = ProcessVariables.ORIGINAL_LOSS_REASON;
  public static final String RETURN_DATE = ProcessVariables.RETURN_DATE;

  /** Set while waiting: when the reanimation deal is created. */
  public static final String REANIMATE_AT = ProcessVariables.REANIMATE_AT;

  private Reanimation() {}
}
