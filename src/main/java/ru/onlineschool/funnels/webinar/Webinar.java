package ru.onlineschool.funnels.webinar;

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

  public static final String WEBINAR_ID = "webinarId";
  public static final String WEBINAR_TITLE = "webinarTitle";
  /** ISO-8601 with offset, as the registration gave it (the offset is the client's zone). */
  public static final String STARTS_AT = "startsAt";
  public static final String DURATION_MINUTES = "durationMinutes";
  public static final String WEBINAR_LINK = "webinarLink";
  public static final String REGISTERED_AT = "registeredAt";
  public static final String CONTACT_ID = "contactId";
  public static final String CLIENT_ZONE = "clientZone";

  /** The wait that reminders and the attendance decision hang on. */
  public static final String UNTIL_OVER_ACTIVITY = "Activity_UntilWebinarOver";

  private Webinar() {}
}
