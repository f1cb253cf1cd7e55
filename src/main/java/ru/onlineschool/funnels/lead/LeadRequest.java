package ru.onlineschool.funnels.lead;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import ru.onlineschool.funnels.api.ApiRequest;

/** A lead as a website form or the call centre sends it; checked by {@link LeadValidator}. */
@Schema(name = "Заявка", description = "Заявка клиента. Нужны имя и хотя бы одно из полей phone или email.")
public record LeadRequest(
    @Schema(description = "Имя клиента, до 200 символов", example = "Анна Иванова", requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
    @Schema(description = "Телефон в любом привычном виде; без кода страны считается российским", example = "8 916 123-45-67")
        String phone,
    @Schema(description = "Адрес e-mail, до 254 символов", example = "anna@example.ru") String email,
    @Schema(
            description =
                "Тип заявки: С лендинга курса, Intention, Webinar-Intention, С вебинара, Reffection, Вернувшиеся,"
                    + " Productlive / Analyticslive (регистр не важен). По умолчанию «С лендинга курса»,"
                    + " для вернувшегося клиента — «Вернувшиеся»",
            example = "С лендинга курса")
        String leadType,
    @Schema(description = "Курс, до 200 символов", example = "Python-разработчик") String course,
    @Schema(description = "Источник заявки, до 200 символов", example = "landing-python") String source,
    @Schema(description = "Комментарий клиента, до 2000 символов; переносы строк допустимы", example = "Удобно звонить после 18:00")
        String comment,
    @ArraySchema(
            arraySchema = @Schema(description = "Теги, не больше 20, каждый до 60 символов"),
            schema = @Schema(example = "весна2026"))
        List<String> tags,
    @Schema(description = "Страница, с которой пришла заявка, до 1000 символов", example = "https://school.example/python")
        String referer)
    implements ApiRequest {}
