package ru.onlineschool.funnels.messaging;

import java.util.Arrays;
import java.util.Optional;

/**
 * The messages a model may send to a client, by the template name the model uses
 * ({@code template} input of «Сообщение клиенту: …»). The text is {@code mail/<name>.mustache};
 * the title is what a manager reads in the timeline.
 */
public enum MessageTemplate {
  NOT_REACHED("not-reached", "Не смогли дозвониться: удобнее в чате или по телефону?"),
  SILENT_AFTER_OFFER("silent-after-offer", "Не смогли дозвониться после предложения: когда удобно поговорить?"),
  TRIAL_SCHEDULED("trial-scheduled", "Приглашение на пробный урок со ссылкой"),
  TRIAL_REMINDER("trial-reminder", "Напоминание о пробном уроке со ссылкой"),
  PAYMENT_REMINDER_1("payment-reminder-1", "Напоминание об оплате (1 из 3): возникли ли трудности с оплатой?"),
  PAYMENT_REMINDER_2("payment-reminder-2", "Напоминание об оплате (2 из 3): скоро старт курса"),
  PAYMENT_REMINDER_3("payment-reminder-3", "Напоминание об оплате (3 из 3): последний день оплаты"),
  WEBINAR_CONFIRMATION("webinar-confirmation", "Подтверждение регистрации и приглашение на вебинар"),
  WEBINAR_WARMUP_1("webinar-warmup-1", "Прогрев перед вебинаром (сразу)"),
  WEBINAR_WARMUP_2("webinar-warmup-2", "Прогрев перед вебинаром (через день)"),
  WEBINAR_REMINDER_24H("webinar-reminder-24h", "Напоминание о вебинаре за сутки"),
  WEBINAR_REMINDER_4H("webinar-reminder-4h", "Напоминание о вебинаре за 4 часа"),
  WEBINAR_OFFER("webinar-offer", "Предложение участнику вебинара"),
  WEBINAR_RECORDING("webinar-recording", "Запись вебинара для не пришедших"),
  WEBINAR_FOLLOW_UP("webinar-follow-up", "Полезная рассылка после вебинара");

  private final String name;
  private final String title;

  MessageTemplate(String name, String title) {
    this.name = name;
    this.title = title;
  }

  public String templateName() {
    return name;
  }

  public String title() {
    return title;
  }

  public static Optional<MessageTemplate> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.name.equals(name)).findFirst();
  }
}
