package ru.onlineschool.funnels.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The webhooks of Tilda and Marquiz ({@code school.webhooks.*}, issue 19). A webhook without a
 * secret is switched off (its address answers 404). A secret is the only proof that a request
 * comes from the school's own form, so it must be long and random (at least 24 characters).
 *
 * @param tilda Tilda's forms: the secret, which form fields mean what, and settings per form
 * @param marquiz Marquiz's quizzes: the secret and what its leads are
 */
@ConfigurationProperties(prefix = "school.webhooks")
public record WebhookProperties(Tilda tilda, Marquiz marquiz) {

  public static final int SECRET_MIN = 24;

  public WebhookProperties {
    tilda = tilda == null ? new Tilda(null, null, null) : tilda;
    marquiz = marquiz == null ? new Marquiz(null, null, null, null) : marquiz;
    check("SCHOOL_WEBHOOK_TILDA_SECRET", tilda.secret());
    check("SCHOOL_WEBHOOK_MARQUIZ_SECRET", marquiz.secret());
  }

  private static void check(String variable, String secret) {
    if (secret != null && !secret.isBlank() && secret.strip().length() < SECRET_MIN) {
      throw new IllegalStateException(
          "Секрет вебхука в " + variable + " короче " + SECRET_MIN + " символов: задайте длинную случайную строку или оставьте пустым, чтобы выключить вебхук");
    }
  }

  /**
   * @param secret the secret in the address; empty: the webhook is off
   * @param fields the form's field names per lead field, tried in order, letter case aside
   * @param forms settings per Tilda form, by its {@code formid}
   */
  public record Tilda(String secret, Map<String, List<String>> fields, Map<String, Form> forms) {

    /** The field names Tilda's own blocks and the school's Russian forms use. */
    static final Map<String, List<String>> DEFAULT_FIELDS =
        Map.ofEntries(
            Map.entry("name", List.of("Name", "Имя", "ФИО", "fio", "first_name")),
            Map.entry("phone", List.of("Phone", "Телефон", "tel", "phone_number")),
            Map.entry("email", List.of("Email", "Почта", "E-mail", "mail")),
            Map.entry("course", List.of("course", "Курс", "product")),
            Map.entry("lead-type", List.of("leadtype", "lead_type", "Тип заявки")),
            Map.entry("comment", List.of("comment", "Комментарий", "Сообщение", "Textarea", "message")),
            Map.entry("source", List.of("source", "Источник")),
            Map.entry("referer", List.of("referer", "referrer", "page", "pageurl")),
            Map.entry("city", List.of("city", "Город")),
            Map.entry("region", List.of("region", "Регион")),
            Map.entry("convenient-from", List.of("call_from", "Звонить с", "Удобно с")),
            Map.entry("convenient-to", List.of("call_to", "Звонить до", "Удобно до")));

    public Tilda {
      Map<String, List<String>> merged = new LinkedHashMap<>(DEFAULT_FIELDS);
      if (fields != null) {
        fields.forEach((field, names) -> merged.put(field, List.copyOf(names)));
      }
      fields = Map.copyOf(merged);
      forms = forms == null ? Map.of() : Map.copyOf(forms);
    }

    /** The names of a lead field: the form's own first, then the site's. */
    List<String> names(String field, Form form) {
      List<String> names = new ArrayList<>();
      if (form != null && form.fields() != null && form.fields().get(field) != null) {
        names.addAll(form.fields().get(field));
      }
      names.addAll(fields.getOrDefault(field, List.of()));
      return names;
    }
  }

  /**
   * One Tilda form.
   *
   * @param leadType the lead type of its leads when the form has no hidden field for it
   * @param course the course the form sells when the client does not choose
   * @param source the source written on its deals (default «tilda»)
   * @param tags tags its deals get besides «tilda»
   * @param fields field names that differ from the site's mapping
   */
  public record Form(String leadType, String course, String source, List<String> tags, Map<String, List<String>> fields) {}

  /**
   * @param secret the secret in the address; empty: the webhook is off
   * @param leadType the lead type of quiz leads (default «С лендинга курса»)
   * @param course the course, when a quiz sells one
   * @param tags tags its deals get besides «marquiz»
   */
  public record Marquiz(String secret, String leadType, String course, List<String> tags) {}
}
