package ru.onlineschool.funnels.delivery;

import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The contract of the model {@code bpmn/course-delivery.bpmn} with the code around it: message
 * names and the process variables a delivery deal starts with.
 */
public final class CourseDelivery {

  public static final String PROCESS_KEY = "course-delivery";

  /** Message start: a paid sale hands the student over (stage «Начало курса назначено»). */
  public static final String STARTED = "CourseDeliveryStarted";
  /** Event sub-process message: the student quits at any stage (REST withdrawal). */
  public static final String STUDENT_WITHDREW = "StudentWithdrew";

  /** Start variables (all set, possibly to null). */
  public static final String TEACHER = ProcessVariables.TEACHER;
  public static final String GROUP = ProcessVariables.GROUP;
  /** ISO dates ({@code 2030-03-10}), as the forms' date fields write them. */
  public static final String START_DATE = ProcessVariables.START_DATE;
  public static final String END_DATE = ProcessVariables.END_DATE;
  /** The curator the tasks are assigned to, or null (group task for {@code curators}). */
  public static final String CURATOR = ProcessVariables.CURATOR;

  private CourseDelivery() {}
}
