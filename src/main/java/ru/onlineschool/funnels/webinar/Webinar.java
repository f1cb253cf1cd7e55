package ru.onlineschool.funnels.webinar;

import ru.onlineschool.funnels.deal.ProcessVariables;

/**
 * The contract of the model {@code bpmn/webinar.bpmn} with the code around it: messages and
 * process variables.
 */
public final class Webinar {

  public static final String PROCESS_KEY = "webinar";

  /** Message start: a new registrant (stage «Зарегистрирован на вебинар»). */
  public static final String REGISTRATION = "WebinarRegistration";
  /** Message boundary: the webinar platform reported the registrant as present. */
  public static final String ATTENDED = "WebinarAttended";
  /** Message boundary: the webinar moved; reminders are planned again from {@link #STARTS_AT}. */
  public static final String MOVED = "WebinarMoved";

  public static final String WEBINAR_ID = ProcessVariables.WEBINAR_ID;
  public static final String WEBINAR_TITLE = ProcessVariables.WEBINAR_TITLE;
  /** ISO-8601 with offset, as the registration gave it (the offset is the client's zone). */
  public static final String STARTS_AT = ProcessVariables.STARTS_AT;
  public static final String DURATION_MINUTES = ProcessVariables.DURATION_MINUTES;
  public static final String WEBINAR_LINK = ProcessVariables.WEBINAR_LINK;
  public static final String REGISTERED_AT = ProcessVariables.REGISTERED_AT;
  public static final String CLIENT_ZONE = ProcessVariables.CLIENT_ZONE;

  /** The wait that reminders and the attendance decision hang on. */
  public static final String UNTIL_OVER_ACTIVITY = "Activity_UntilWebinarOver";

  private Webinar() {}
}
