package ru.onlineschool.funnels.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.messaging.MessengerHttp.Answer;
import ru.onlineschool.funnels.messaging.MessengerHttp.MessengerException;

/**
 * WhatsApp Business Cloud API for clients who prefer WhatsApp; the address is the contact's phone.
 * A business may open a conversation only with a template Meta approved, so every message is a
 * template message: the approved template named after ours ({@link MessengerProperties.WhatsApp#templateFor})
 * with three body parameters — {{1}} the client's first name, {{2}} our message's subject (its key
 * facts: the course, the lesson's time), {{3}} our message's text without its greeting, in one line
 * (docs/decisions.md). WhatsApp refuses parameters with line breaks, tabs or four spaces in a row.
 */
@Component
@Order(2)
public class WhatsAppChannel implements ClientChannel {

  public static final String CODE = "whatsapp";
  /** Well under the 1024 characters WhatsApp allows a template's whole body. */
  static final int MAX_PARAMETER = 700;

  private final MessengerProperties.WhatsApp settings;
  private final MessengerHttp http;

  public WhatsAppChannel(MessengerProperties properties, MessengerHttp http) {
    this.settings = properties.whatsapp();
    this.http = http;
  }

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public String title() {
    return "WhatsApp";
  }

  @Override
  public boolean ready() {
    return settings.on();
  }

  @Override
  public String offReason() {
    return settings.enabled()
        ? "канал WhatsApp не подключён: не заданы SCHOOL_WHATSAPP_ACCESS_TOKEN и SCHOOL_WHATSAPP_PHONE_NUMBER_ID"
        : "канал WhatsApp не подключён (school.messengers.whatsapp.enabled)";
  }

  @Override
  public Optional<String> address(Recipient recipient) {
    return Optional.ofNullable(recipient.phone()).filter(p -> !p.isBlank());
  }

  @Override
  public String noAddressReason() {
    return "у клиента нет номера телефона";
  }

  @Override
  public String deliver(String phone, Recipient recipient, RenderedMessage message) throws MessengerException {
    Answer answer =
        http.post(
            "WhatsApp",
            settings.apiUrl() + "/" + settings.phoneNumberId() + "/messages",
            request(phone, recipient, message),
            Map.of("Authorization", "Bearer " + settings.accessToken()));
    if (answer.status() / 100 == 2) {
      JsonNode id = answer.body().path("messages").path(0).path("id");
      return id.isMissingNode() || id.isNull() ? null : id.asText();
    }
    throw new MessengerException(reason(answer));
  }

  /** The Cloud API's template message to the phone (digits of E.164, without «+»). */
  Map<String, Object> request(String phone, Recipient recipient, RenderedMessage message) {
    String firstName = MessageModel.firstName(recipient.name());
    List<Map<String, Object>> parameters =
        List.of(
            text(firstName.isEmpty() ? "клиент" : firstName),
            text(message.subject()),
            text(withoutGreeting(message.body())));
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("name", settings.templateFor(message.template()));
    template.put("language", Map.of("code", settings.templateLanguage()));
    template.put("components", List.of(Map.of("type", "body", "parameters", parameters)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    body.put("to", phone.replaceAll("\\D", ""));
    body.put("type", "template");
    body.put("template", template);
    return body;
  }

  private static Map<String, Object> text(String value) {
    Map<String, Object> parameter = new LinkedHashMap<>();
    parameter.put("type", "text");
    parameter.put("text", oneLine(value));
    return parameter;
  }

  /** The body without its «Здравствуйте, …!» line: the approved template greets by {{1}}. */
  static String withoutGreeting(String body) {
    String text = body.strip();
    int lineEnd = text.indexOf('\n');
    if (lineEnd > 0 && text.substring(0, lineEnd).startsWith("Здравствуйте")) {
      return text.substring(lineEnd + 1).strip();
    }
    return text;
  }

  /** What WhatsApp accepts as a parameter: no line breaks or tabs, at most three spaces in a row, not empty. */
  static String oneLine(String value) {
    String lines = value == null ? "" : value.replace("\r\n", "\n").replace('\r', '\n');
    // A blank line (a new paragraph) becomes a dash, any other run of white space one space.
    String text = lines.replaceAll("[ \\t\\u00A0]*\n\\s*\n\\s*", " — ").replaceAll("[\\s\\u00A0]+", " ").strip();
    if (text.isEmpty()) {
      return "—";
    }
    return text.length() <= MAX_PARAMETER ? text : text.substring(0, MAX_PARAMETER - 1) + "…";
  }

  /** Graph API's refusal ({@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}}) in words a manager acts on. */
  private static String reason(Answer answer) {
    JsonNode error = answer.body().path("error");
    int code = error.path("code").asInt(0);
    String detail = error.path("error_data").path("details").asText(error.path("message").asText(""));
    String trace = error.path("fbtrace_id").asText("");
    String said = " (WhatsApp: HTTP " + answer.status() + (code == 0 ? "" : ", код " + code)
        + (detail.isEmpty() ? "" : ", " + detail) + (trace.isEmpty() ? "" : ", fbtrace_id " + trace) + ")";
    String why =
        switch (code) {
          case 190 -> "WhatsApp не принял токен доступа (истёк или отозван) — обновите SCHOOL_WHATSAPP_ACCESS_TOKEN";
          case 10, 200 -> "у токена нет права отправлять сообщения WhatsApp (whatsapp_business_messaging)";
          case 4, 80007, 130429, 131048, 131056 -> "WhatsApp ограничил частоту отправки, повторим позже";
          case 131026 -> "сообщение не доставить: номер клиента не зарегистрирован в WhatsApp или клиент не принял условия";
          case 131030 -> "номер клиента не в списке разрешённых получателей тестового номера WhatsApp";
          case 131047 -> "прошло больше 24 часов с последнего сообщения клиента, WhatsApp принимает только одобренный шаблон";
          case 131051 -> "WhatsApp не поддерживает такой тип сообщения";
          case 132000 -> "число параметров не совпадает с одобренным шаблоном WhatsApp";
          case 132001 -> "в WhatsApp нет одобренного шаблона с таким именем и языком — проверьте school.messengers.whatsapp.templates";
          case 132005, 132007 -> "текст параметров нарушает правила шаблона WhatsApp";
          case 133010 -> "номер отправителя не зарегистрирован в WhatsApp Cloud API";
          case 131000, 1, 2 -> "WhatsApp временно недоступен";
          default -> answer.status() >= 500 ? "WhatsApp временно недоступен" : "WhatsApp не принял сообщение";
        };
    return why + said;
  }

  @Override
  public String describe(String phone) {
    return "в WhatsApp " + phone;
  }
}
