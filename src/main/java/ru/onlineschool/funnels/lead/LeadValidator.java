package ru.onlineschool.funnels.lead;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import ru.onlineschool.funnels.api.ApiException;
import ru.onlineschool.funnels.api.FieldProblem;
import ru.onlineschool.funnels.api.TextRules;

/**
 * Checks a lead and brings it into the stored form. Every bad field is reported at once, so a
 * website form can highlight all of them after one attempt.
 */
public final class LeadValidator {

  static final int NAME_MAX = 200;
  static final int EMAIL_MAX = 254;
  static final int COURSE_MAX = 200;
  static final int SOURCE_MAX = 200;
  static final int COMMENT_MAX = 2000;
  static final int REFERER_MAX = 1000;
  static final int TAGS_MAX = 20;
  static final int TAG_MAX = 60;

  static final String BAD_PHONE = "Некорректный номер телефона";
  static final String BAD_EMAIL = "Некорректный адрес e-mail";
  public static final String NO_CONTACT = "Укажите телефон или e-mail";

  /** Deliberately loose: one @, no spaces, a dot in the domain; the mail server has the last word. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

  private LeadValidator() {}

  static ValidLead validate(LeadRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    String name = TextRules.required(request.name(), "name", NAME_MAX, problems);
    String phone = phone(request.phone(), problems);
    String email = email(request.email(), problems);
    if (blank(request.phone()) && blank(request.email())) {
      problems.add(new FieldProblem("phone", NO_CONTACT));
    }
    LeadType leadType = leadType(request.leadType(), problems);
    String course = TextRules.optional(request.course(), "course", COURSE_MAX, false, problems);
    String source = TextRules.optional(request.source(), "source", SOURCE_MAX, false, problems);
    String comment = TextRules.optional(request.comment(), "comment", COMMENT_MAX, true, problems);
    List<String> tags = tags(request.tags(), problems);
    String referer = TextRules.optional(request.referer(), "referer", REFERER_MAX, false, problems);
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return new ValidLead(name, phone, email, leadType, course, source, comment, tags, referer);
  }

  public static String phone(String raw, List<FieldProblem> problems) {
    if (blank(raw)) {
      return null;
    }
    if (TextRules.hasControlCharacters(raw, false)) {
      problems.add(new FieldProblem("phone", TextRules.CONTROL_CHARACTERS));
      return null;
    }
    return PhoneNumbers.toE164(raw.strip()).orElseGet(() -> {
      problems.add(new FieldProblem("phone", BAD_PHONE));
      return null;
    });
  }

  public static String email(String raw, List<FieldProblem> problems) {
    String email = TextRules.optional(raw, "email", EMAIL_MAX, false, problems);
    if (email == null) {
      return null;
    }
    if (!EMAIL.matcher(email).matches()) {
      problems.add(new FieldProblem("email", BAD_EMAIL));
      return null;
    }
    return email.toLowerCase(Locale.ROOT);
  }

  private static LeadType leadType(String raw, List<FieldProblem> problems) {
    if (blank(raw)) {
      return null;
    }
    return LeadType.byTitle(raw).orElseGet(() -> {
      problems.add(new FieldProblem("leadType", "Неизвестный тип заявки. Допустимые: " + LeadType.allTitles()));
      return null;
    });
  }

  private static List<String> tags(List<String> raw, List<FieldProblem> problems) {
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    if (raw.size() > TAGS_MAX) {
      problems.add(new FieldProblem("tags", "Не больше " + TAGS_MAX + " тегов"));
      return List.of();
    }
    Set<String> tags = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String field = "tags[" + i + "]";
      String tag = TextRules.optional(raw.get(i), field, TAG_MAX, false, problems);
      if (tag == null) {
        if (blank(raw.get(i))) {
          problems.add(new FieldProblem(field, "Пустой тег"));
        }
        continue;
      }
      tags.add(tag);
    }
    return List.copyOf(tags);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
