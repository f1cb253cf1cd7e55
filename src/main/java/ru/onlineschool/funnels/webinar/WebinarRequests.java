package ru.onlineschool.funnels.webinar;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.lead.LeadValidator;

/** Checks the webinar API's input and names every bad field in Russian, as lead intake does. */
final class WebinarRequests {

  static final String BAD_DATE_TIME = "Дата и время в формате ISO-8601 со смещением, например 2026-12-03T19:00:00+03:00";
  private static final Pattern WEBINAR_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  static final int MAX_ATTENDEES = 5000;

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
    List<FieldProblem> problems = new ArrayList<>();
    String name = TextRules.required(request.name(), "name", 200, problems);
    String phone = LeadValidator.phone(request.phone(), problems);
    String email = LeadValidator.email(request.email(), problems);
    if (blank(request.phone()) && blank(request.email())) {
      problems.add(new FieldProblem("phone", LeadValidator.NO_CONTACT));
    }
    String title = TextRules.required(request.webinarTitle(), "webinarTitle", 300, problems);
    OffsetDateTime startsAt = dateTime(request.startsAt(), "startsAt", problems);
    Integer duration = request.durationMinutes();
    if (duration == null) {
      problems.add(new FieldProblem("durationMinutes", TextRules.REQUIRED));
    } else if (duration < 1 || duration > 720) {
      problems.add(new FieldProblem("durationMinutes", "От 1 до 720 минут"));
    }
    String link = TextRules.optional(request.link(), "link", 1000, false, problems);
    if (link != null && !link.toLowerCase(Locale.ROOT).matches("https?://\\S+")) {
      problems.add(new FieldProblem("link", "Ссылка должна начинаться с http:// или https://"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return new ValidRegistration(name, phone, email, title, startsAt, duration, link);
  }

  static List<ValidAttendee> attendees(AttendanceRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    List<ValidAttendee> valid = new ArrayList<>();
    if (request.attended() == null) {
      throw ApiException.invalid(List.of(new FieldProblem("attended", TextRules.REQUIRED)));
    }
    if (request.attended().size() > MAX_ATTENDEES) {
      throw ApiException.invalid(List.of(new FieldProblem("attended", "Не больше " + MAX_ATTENDEES + " участников в одном запросе")));
    }
    for (int i = 0; i < request.attended().size(); i++) {
      AttendanceRequest.Attendee a = request.attended().get(i);
      String field = "attended[" + i + "]";
      if (a == null || (a.dealId() == null && blank(a.phone()) && blank(a.email()))) {
        problems.add(new FieldProblem(field, "Укажите dealId, phone или email"));
        continue;
      }
      List<FieldProblem> own = new ArrayList<>();
      String phone = LeadValidator.phone(a.phone(), own);
      String email = LeadValidator.email(a.email(), own);
      own.forEach(p -> problems.add(new FieldProblem(field + "." + p.field(), p.message())));
      valid.add(new ValidAttendee(a.dealId(), phone, email));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return valid;
  }

  static OffsetDateTime move(MoveRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    OffsetDateTime startsAt = dateTime(request.startsAt(), "startsAt", problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return startsAt;
  }

  private static OffsetDateTime dateTime(String raw, String field, List<FieldProblem> problems) {
    if (blank(raw)) {
      problems.add(new FieldProblem(field, TextRules.REQUIRED));
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.strip());
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, BAD_DATE_TIME));
      return null;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
