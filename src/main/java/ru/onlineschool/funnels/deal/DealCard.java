package ru.onlineschool.funnels.deal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;

/** The deal card: what a manager or head of sales sees of one deal, with its history. */
@Schema(name = "DealCard", title = "Карточка сделки")
public record DealCard(
    @Schema(description = "Номер сделки") long dealId,
    @Schema(description = "Клиент") Contact contact,
    @Schema(description = "Воронка") FunnelRef funnel,
    @Schema(description = "Текущий этап; пусто, пока процесс не начал сделку") Stage stage,
    @Schema(description = "Ответственный") Named responsible,
    @Schema(description = "Курс") String course,
    @Schema(description = "Бюджет, ₽") BigDecimal budget,
    @Schema(description = "Оплачено по сделке, ₽", example = "20000.00") BigDecimal paid,
    @Schema(description = "Оплата словами; пусто, пока в сделке нет бюджета", example = "оплачено 20 000 ₽ из 64 900 ₽") String paymentStatus,
    @Schema(description = "Платежи по сделке, от первого к последнему") List<Payment> payments,
    @Schema(description = "Тип заявки, как он пришёл (код формы)", example = "Intention") String leadType,
    @Schema(description = "Тип заявки словами, из таблицы «Типы заявок»", example = "Регистрация на записанный вебинар, интересно обучение (Intention)")
        String leadTypeText,
    @Schema(description = "Теги") List<String> tags,
    @Schema(description = "Причина, по которой сделка закрыта не реализованной") String lossReason,
    @Schema(description = "Итог: WON — успешно реализовано, LOST — закрыто не реализовано; пусто, пока сделка открыта")
        String outcome,
    @Schema(description = "Когда создана (ISO-8601, часовой пояс школы)", example = "2026-03-14T12:00:00+03:00") String createdAt,
    @Schema(description = "Когда закрыта (ISO-8601, часовой пояс школы)") String closedAt,
    @Schema(description = "Прошлая сделка клиента, продолжением которой стала эта") Long parentDealId,
    @Schema(description = "Открытая сделка, которую повторяет эта (эта закрыта как «Дубль»)") Long duplicateOf,
    @Schema(description = "Сделки, закрытые как дубли этой") List<Long> duplicates,
    @Schema(description = "История сделки, от старых записей к новым") List<Line> timeline,
    @Schema(description = "Преподаватель (сделки «Ведение курса»)") String teacher,
    @Schema(description = "Дата старта курса", example = "14.03.2026") String startDate,
    @Schema(description = "Группа") String group,
    @Schema(description = "Вебинар, на который записан клиент") Webinar webinar,
    @Schema(description = "Способ оплаты") String paymentType,
    @Schema(description = "Источник заявки") String source,
    @Schema(description = "Откуда пришла заявка: канал, форма, UTM-метки, Referer; пусто у сделки, которая не была заявкой") LeadSource leadSource,
    @Schema(description = "Следующее касание по плану; пусто, если ничего не запланировано") NextTouch nextTouch,
    @Schema(description = "Другие сделки клиента во всех воронках, от новых к старым") List<OtherDeal> otherDeals,
    @Schema(description = "Что вошедший сотрудник может изменить в карточке") Editing editing) {

  /** The same card with what the signed-in employee may change in it. */
  public DealCard withEditing(Editing editing) {
    return new DealCard(
        dealId, contact, funnel, stage, responsible, course, budget, paid, paymentStatus, payments, leadType, leadTypeText, tags, lossReason,
        outcome, createdAt, closedAt, parentDealId, duplicateOf, duplicates, timeline, teacher, startDate, group, webinar,
        paymentType, source, leadSource, nextTouch, otherDeals, editing);
  }

  /** Editing in the card: whether the employee may, the version to send back, the manual tags. */
  @Schema(name = "DealEditing", title = "Изменение карточки")
  public record Editing(
      @Schema(description = "Может ли вошедший сотрудник менять данные клиента, сделки и ручные теги") boolean allowed,
      @Schema(description = "Почему не может; пусто, если может") String refusal,
      @Schema(description = "Версия данных клиента и сделки: её возвращают в PATCH, чтобы не затереть чужое изменение", example = "3f2a9c0d1e4b5a6c")
          String version,
      @Schema(description = "Ручные теги, которые можно поставить, из таблицы «Ручные теги из форм»") List<ManualTagOption> manualTags,
      @Schema(description = "Теги сделки, которые можно снять вручную (ручные; автоматические ставит и снимает процесс)") List<String> removableTags,
      @Schema(description = "Можно ли менять курс и бюджет (сделка открыта)") boolean dealFieldsEditable,
      @Schema(description = "Можно ли менять бюджет (счёт ещё не выставлен и оплат нет)") boolean budgetEditable,
      @Schema(description = "Часовые пояса, из которых выбирают пояс клиента") List<TimeZoneOption> timeZones) {}

  /** A manual tag: the tag as stored and its Russian title. */
  @Schema(name = "ManualTagOption", title = "Ручной тег")
  public record ManualTagOption(
      @Schema(description = "Тег", example = "trial_lesson") String tag,
      @Schema(description = "Подпись", example = "Выдан пробный урок") String title) {}

  /** One payment: from the payment provider or confirmed by a manager. */
  public record Payment(
      @Schema(description = "Номер платежа") String reference,
      @Schema(description = "Сумма, ₽") BigDecimal amount,
      @Schema(description = "Валюта", example = "RUB") String currency,
      @Schema(description = "Когда учтён (ISO-8601, часовой пояс школы)") String receivedAt,
      @Schema(description = "Кто подтвердил вручную; пусто — платёжный сервис") String confirmedBy) {}

  /** The client, with links a softphone and messengers open; the links are built from the validated phone. */
  @Schema(name = "DealContact", title = "Клиент сделки")
  public record Contact(
      @Schema(description = "Имя") String name,
      @Schema(description = "Телефон", example = "+79161234567") String phone,
      @Schema(description = "E-mail") String email,
      @Schema(description = "Ссылка для звонка", example = "tel:+79161234567") String phoneLink,
      @Schema(description = "WhatsApp", example = "https://wa.me/79161234567") String whatsAppLink,
      @Schema(description = "Telegram", example = "https://t.me/+79161234567") String telegramLink,
      @Schema(
              description = "Ссылка на бота школы для клиента: открыв её и нажав «Старт», клиент связывает свой Telegram с этой карточкой,"
                  + " и школа может писать ему в Telegram; пусто, если бот школы не подключён",
              example = "https://t.me/school_bot?start=c42-3q2Xa9VbN0cK7dWm1pLrTg")
          String telegramBotLink,
      @Schema(description = "Предпочтительный канал связи, если клиент его назвал") String preferredChannel,
      @Schema(description = "Часовой пояс клиента (IANA); пусто — пояс школы", example = "Asia/Yekaterinburg") String timeZone,
      @Schema(description = "Часовой пояс клиента словами; без своего пояса — пояс школы", example = "Екатеринбург (UTC+5)") String timeZoneTitle,
      @Schema(description = "Удобное время звонка «с», ЧЧ:ММ по времени клиента", example = "18:00") String convenientFrom,
      @Schema(description = "Удобное время звонка «до», ЧЧ:ММ по времени клиента", example = "21:00") String convenientTo,
      @Schema(description = "Удобное время звонка словами; пусто, если клиент его не назвал", example = "с 18:00") String convenientText) {}

  /** A time zone the card offers for the client. */
  @Schema(name = "ClientTimeZoneOption", title = "Часовой пояс")
  public record TimeZoneOption(
      @Schema(description = "Идентификатор IANA", example = "Asia/Vladivostok") String id,
      @Schema(description = "Название", example = "Владивосток (UTC+10)") String title) {}

  /** The webinar of a «Вебинар» deal. */
  public record Webinar(
      @Schema(description = "Название") String title,
      @Schema(description = "Начало (ISO-8601, часовой пояс школы)") String startsAt,
      @Schema(description = "Начало словами, в часовом поясе школы", example = "14.03.2026, 19:00") String startsAtText) {}

  /** What is planned next on the deal: the earliest open task or timer. */
  @Schema(name = "DealNextTouch", title = "Следующее касание")
  public record NextTouch(
      @Schema(description = "Когда (ISO-8601, часовой пояс школы)") String at,
      @Schema(description = "Словами", example = "Следующий звонок: завтра, 10:00 — день 2 зв 3") String text) {}

  /** Another deal of the same client. */
  public record OtherDeal(
      @Schema(description = "Номер сделки") long dealId,
      @Schema(description = "Воронка") FunnelRef funnel,
      @Schema(description = "Этап") Stage stage,
      @Schema(description = "Ответственный") Named responsible,
      @Schema(description = "Итог: WON, LOST или пусто") String outcome,
      @Schema(description = "Когда создана (ISO-8601, часовой пояс школы)") String createdAt) {}

  /** A funnel's process key with its title: {@code course-sale} «Продажа курса». */
  public record FunnelRef(
      @Schema(description = "Код воронки", example = "course-sale") String code,
      @Schema(description = "Название", example = "Продажа курса") String title) {}

  /** A user's login with the name: {@code manager1} «Анна Смирнова». */
  public record Named(
      @Schema(description = "Логин") String id, @Schema(description = "Имя и фамилия") String name) {}

  public record Line(
      @Schema(description = "Когда (ISO-8601, часовой пояс школы)") String at,
      @Schema(description = "Вид записи: STAGE, TASK_RESULT, CALL, MESSAGE, PAYMENT, NOTE, COMMENT, CHANGE") String kind,
      @Schema(description = "Код этапа, к которому относится запись") String stage,
      @Schema(description = "Текст") String text,
      @Schema(description = "Логин сотрудника; пусто для автоматических записей") String user,
      @Schema(description = "Когда, словами в часовом поясе школы", example = "14.03.2026, 12:00") String atText,
      @Schema(description = "Имя сотрудника; пусто для автоматических записей") String userName) {}
}
