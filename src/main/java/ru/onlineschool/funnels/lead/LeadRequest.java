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
    implements ApiRequest, PhoneOrEmail.Contact {}
