package ru.onlineschool.funnels.workplace;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.DecimalPlaces;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.api.StoredIn;
import ru.onlineschool.funnels.api.TextRules;
import ru.onlineschool.funnels.deal.DealEdits;
import ru.onlineschool.funnels.lead.ClientContact;
import ru.onlineschool.funnels.lead.ClientZone;
import ru.onlineschool.funnels.lead.ConvenientWindow;
import ru.onlineschool.funnels.lead.EmailAddress;
import ru.onlineschool.funnels.lead.Phone;

/**
 * The client's and the deal's fields changed in the deal card. A field left out (or null) stays
 * as it is; an empty string clears phone, e-mail, channel, course, the client's time zone (back to the
 * school's) or an end of his convenient time. The annotations are the
 * rules; {@link #changes()} brings a checked request into the stored form (phone in E.164 as the
 * intake keeps it, e-mail in lower case).
 */
@ConvenientWindow
@Schema(
    name = "DealChange",
    title = "Изменение сделки",
    description = "Изменения данных клиента и сделки из карточки. Поле, которого нет в запросе, не меняется; пустая строка очищает телефон, e-mail, канал, курс, часовой пояс клиента (останется пояс школы) или границу удобного времени.")
public record DealChange(
    @Schema(description = "Имя клиента", example = "Анна Иванова")
        @Size(max = ClientContact.NAME_MAX) @Pattern(regexp = "(?s).*\\S.*", message = "{deal.change.name.blank}") @NoControlCharacters
        @StoredIn("contact.name")
        String name,
    @Schema(description = "Телефон в любом привычном виде; без кода страны считается российским", example = "8 916 123-45-67")
        @NoControlCharacters @Phone
        String phone,
    @Schema(description = "Адрес e-mail", example = "anna@example.ru")
        @Size(max = ClientContact.EMAIL_MAX) @NoControlCharacters @EmailAddress @StoredIn("contact.email")
        String email,
    @Schema(description = "Предпочтительный канал связи: whatsapp, telegram, email или phone", example = "telegram")
        @Pattern(regexp = "\\s*(whatsapp|telegram|email|phone)?\\s*", flags = Pattern.Flag.CASE_INSENSITIVE, message = "{deal.change.channel}")
        String preferredChannel,
    @Schema(description = "Курс", example = "Python-разработчик")
        @Size(max = 200) @NoControlCharacters @StoredIn("deal.course")
        String course,
    @Schema(description = "Бюджет сделки в рублях, не больше двух знаков после запятой", example = "64900")
        @DecimalMin(value = "0", inclusive = false, message = "{deal.change.budget.positive}")
        @DecimalPlaces(max = 2, message = "{payment.amount.cents}")
        @DecimalMax(value = "9999999999.99", message = "{payment.amount.max}")
        BigDecimal budget,
    @Schema(description = "Версия из карточки (editing.version), по которой вносились изменения; если данные с тех пор изменились, ответ 409", example = "3f2a9c0d1e4b5a6c")
        @Size(max = 64) @NoControlCharacters
        String version,
    @Schema(description = "Часовой пояс клиента, идентификатор IANA из editing.timeZones; пустая строка — пояс школы", example = "Asia/Vladivostok")
        @Size(max = 40) @NoControlCharacters @ClientZone
        String timeZone,
    @Schema(description = "Удобное время звонка «с», ЧЧ:ММ по времени клиента; пустая строка очищает", example = "18:00", maxLength = 5, pattern = ConvenientWindow.PATTERN)
        @NoControlCharacters
        String convenientFrom,
    @Schema(description = "Удобное время звонка «до», ЧЧ:ММ по времени клиента, позже «с»; пустая строка очищает", example = "21:00", maxLength = 5, pattern = ConvenientWindow.PATTERN)
        @NoControlCharacters
        String convenientTo)
    implements ApiRequest, ConvenientWindow.Window {

  /** The checked request as the deal module stores it. */
  DealEdits.Changes changes() {
    return new DealEdits.Changes(
        name == null ? null : name.strip(),
        phone == null ? null : Optional.ofNullable(ClientContact.phone(phone)),
        email == null ? null : Optional.ofNullable(ClientContact.email(email)),
        preferredChannel == null ? null : Optional.ofNullable(TextRules.stripped(preferredChannel)).map(c -> c.toLowerCase(Locale.ROOT)),
        course == null ? null : Optional.ofNullable(TextRules.stripped(course)),
        budget,
        timeZone == null ? null : Optional.ofNullable(TextRules.stripped(timeZone)).map(ZoneId::of),
        convenientFrom == null ? null : Optional.ofNullable(ConvenientWindow.Window.time(convenientFrom)),
        convenientTo == null ? null : Optional.ofNullable(ConvenientWindow.Window.time(convenientTo)));
  }
}
