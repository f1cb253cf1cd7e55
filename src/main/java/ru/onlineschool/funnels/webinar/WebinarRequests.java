package ru.onlineschool.funnels.webinar;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.lead.ClientContact;

/**
 * The webinar API's input in the stored form. The bodies are checked by their annotations
 * (Bean Validation, before the controller runs); the webinar's id in the address here.
 */
final class WebinarRequests {

  private static final Pattern WEBINAR_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  record ValidRegistration(String name, String phone, String email, String title, OffsetDateTime startsAt, int durationMinutes, String link) {}

  /** One attendee: exactly what identifies the registration. */
  record ValidAttendee(Long dealId, String phone, String email) {}

  private WebinarRequests() {}

  static String webinarId(String raw) {
    if (raw == null || !WEBINAR_ID.matcher(raw).matches()) {
      throw ApiException.invalid(List.of(new FieldProblem("webinarId", "Идентификатор вебинара: до 100 латинских букв, цифр, точек, дефисов и подчёркиваний")));
    }
    return raw;
  }

  static ValidRegistration registration(RegistrationRequest request) {
    return new ValidRegistration(
        TextRules.stripped(request.name()),
        ClientContact.phone(request.phone()),
        ClientContact.email(request.email()),
        TextRules.stripped(request.webinarTitle()),
        OffsetDateTime.parse(request.startsAt().strip()),
        request.durationMinutes(),
        TextRules.stripped(request.link()));
  }

  static List<ValidAttendee> attendees(AttendanceRequest request) {
    return request.attended().stream()
        .map(a -> new ValidAttendee(a.dealId(), ClientContact.phone(a.phone()), ClientContact.email(a.email())))
        .toList();
  }

  static OffsetDateTime move(MoveRequest request) {
    return OffsetDateTime.parse(request.startsAt().strip());
  }
}
