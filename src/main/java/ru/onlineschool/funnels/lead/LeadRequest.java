package ru.onlineschool.funnels.lead;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import ru.onlineschool.funnels.api.ApiRequest;
import ru.onlineschool.funnels.api.NoControlCharacters;
import ru.onlineschool.funnels.api.StoredIn;

/**
 * A lead as a website form or the call centre sends it. The annotations are the rules: Bean
 * Validation checks them, OpenAPI shows them; {@link ValidLead#of} brings a checked one into the
 * stored form.
 */
@PhoneOrEmail
@ConvenientWindow
@Schema(name = "LeadRequest", title = "Заявка", description = "Заявка клиента. Нужны имя и хотя бы одно из полей phone или email.")
public record LeadRequest(
    @Schema(description = "Имя клиента", example = "Анна Иванова")
        @NotBlank @Size(max = ClientContact.NAME_MAX) @NoControlCharacters @StoredIn("contact.name")
        String name,
    @Schema(description = "Телефон в любом привычном виде; без кода страны считается российским", example = "8 916 123-45-67")
        @NoControlCharacters @Phone
        String phone,
    @Schema(description = "Адрес e-mail", example = "anna@example.ru")
        @Size(max = ClientContact.EMAIL_MAX) @NoControlCharacters @EmailAddress @StoredIn("contact.email")
        String email,
    @Schema(
            description =
                "Тип заявки: С лендинга курса, Intention, Webinar-Intention, С вебинара, Reffection, Вернувшиеся,"
                    + " Productlive / Analyticslive (регистр не важен). По умолчанию «С лендинга курса»,"
                    + " для вернувшегося клиента — «Вернувшиеся»",
            example = "С лендинга курса")
        @KnownLeadType
        String leadType,
    @Schema(description = "Курс", example = "Python-разработчик")
        @Size(max = 200) @NoControlCharacters @StoredIn("deal.course")
        String course,
    @Schema(description = "Источник заявки", example = "landing-python")
        @Size(max = 200) @NoControlCharacters @StoredIn("lead_source.source")
        String source,
    @Schema(description = "Комментарий клиента; переносы строк допустимы", example = "Удобно звонить после 18:00")
        @Size(max = 2000) @NoControlCharacters(multiline = true)
        String comment,
    @ArraySchema(arraySchema = @Schema(description = "Теги"), schema = @Schema(example = "весна2026"))
        @Size(max = 20, message = "{lead.tags.size}") @StoredIn("deal_tag.tag")
        List<@NotBlank(message = "{lead.tags.blank}") @Size(max = 60) @NoControlCharacters String> tags,
    @Schema(description = "Страница, с которой пришла заявка (Referer)", example = "https://school.example/python")
        @Size(max = 1000) @NoControlCharacters @StoredIn("lead_source.referer")
        String referer,
    @Schema(
            description =
                "Часовой пояс клиента, идентификатор IANA из списка часовых поясов России: Europe/Kaliningrad, Europe/Moscow,"
                    + " Europe/Samara, Asia/Yekaterinburg, Asia/Omsk, Asia/Novosibirsk, Asia/Krasnoyarsk, Asia/Irkutsk, Asia/Yakutsk,"
                    + " Asia/Vladivostok, Asia/Magadan, Asia/Kamchatka. Без него пояс берётся по городу или региону, иначе — пояс школы",
            example = "Asia/Yekaterinburg")
        @Size(max = 40) @NoControlCharacters @ClientZone
        String timeZone,
    @Schema(description = "Город клиента; по нему определяется часовой пояс (неизвестный город — пояс школы)", example = "Екатеринбург")
        @Size(max = 200) @NoControlCharacters
        String city,
    @Schema(description = "Регион клиента, если город не указан или неизвестен", example = "Свердловская область")
        @Size(max = 200) @NoControlCharacters
        String region,
    @Schema(description = "Удобное клиенту время звонка «с», ЧЧ:ММ по его часовому поясу («звонить после 18:00»)", example = "18:00", maxLength = 5, pattern = ConvenientWindow.PATTERN)
        @NoControlCharacters
        String convenientFrom,
    @Schema(description = "Удобное клиенту время звонка «до», ЧЧ:ММ по его часовому поясу, позже «с»", example = "21:00", maxLength = 5, pattern = ConvenientWindow.PATTERN)
        @NoControlCharacters
        String convenientTo,
    @Schema(description = "Метка utm_source страницы заявки", example = "yandex")
        @Size(max = 200) @NoControlCharacters @StoredIn("lead_source.utm_source")
        String utmSource,
    @Schema(description = "Метка utm_medium", example = "cpc")
        @Size(max = 200) @NoControlCharacters @StoredIn("lead_source.utm_medium")
        String utmMedium,
    @Schema(description = "Метка utm_campaign", example = "python_spring")
        @Size(max = 200) @NoControlCharacters @StoredIn("lead_source.utm_campaign")
        String utmCampaign,
    @Schema(description = "Метка utm_content", example = "banner_1")
        @Size(max = 200) @NoControlCharacters @StoredIn("lead_source.utm_content")
        String utmContent,
    @Schema(description = "Метка utm_term", example = "курс python")
        @Size(max = 200) @NoControlCharacters @StoredIn("lead_source.utm_term")
        String utmTerm)
    implements ApiRequest, PhoneOrEmail.Contact, ConvenientWindow.Window {}
