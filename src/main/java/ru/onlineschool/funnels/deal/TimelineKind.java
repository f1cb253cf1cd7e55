package ru.onlineschool.funnels.deal;

/** What a timeline entry records. */
public enum TimelineKind {
  /** The deal entered a stage. */
  STAGE,
  /** A user task was completed with its written result. */
  TASK_RESULT,
  /** A call attempt and its outcome. */
  CALL,
  /** A message to the client (queued, sent or failed). */
  MESSAGE,
  /** A payment recorded on the deal, with what is paid of the invoice. */
  PAYMENT,
  /** A comment an employee wrote on a task of the deal («Добавить комментарий» in Tasklist). */
  COMMENT,
  /** A field of the deal or its client changed by hand in the deal card, or a manual tag set or removed there. */
  CHANGE,
  /** Anything else worth a line: created, linked, reassigned, tagged. */
  NOTE
}
