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
  /** Anything else worth a line: created, linked, reassigned, tagged. */
  NOTE
}
