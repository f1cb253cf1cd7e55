package ru.onlineschool.funnels.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of our {@code /api} (springdoc). Swagger UI at {@code /swagger-ui.html}
 * is public on purpose: it only describes the API, every call from it still needs the key or a
 * login.
 */
@Configuration
public class OpenApiConfiguration {

  public static final String API_KEY = "apiKey";
  public static final String BASIC = "basic";

  static {
    // Errors are documented as the body we send (RFC 9457 with «errors»), see ProblemSchema.
    SpringDocUtils.getConfig().replaceWithClass(ProblemDetail.class, ProblemSchema.class);
  }

  @Bean
  OpenAPI schoolOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("API воронок онлайн-школы")
                .version("1")
                .description(
                    """
                    Приём заявок с сайта и из колл-центра, подтверждение оплат, карточка сделки \
                    и доступность менеджеров для распределения.

                    Системы, которые передают данные (сайт, платёжный сервис, вебинарная платформа), \
                    передают ключ в заголовке `X-Api-Key`. Сотрудники входят со своим логином и паролем \
                    (HTTP Basic) и видят только то, что им разрешено.

                    Ошибки приходят в формате `application/problem+json` (RFC 9457) на русском языке; \
                    у ошибок проверки есть массив `errors` с полем и описанием ошибки."""))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiAuthenticationFilter.API_KEY_HEADER)
                        .description("Ключ API для приёма заявок и оплат (переменная SCHOOL_INTAKE_API_KEY)."))
                .addSecuritySchemes(
                    BASIC,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description("Логин и пароль сотрудника школы (пользователь Camunda).")));
  }

  /** Swagger UI lists the groups in the order of a deal's life, not in springdoc's scan order. */
  @Bean
  OpenApiCustomizer tagsInDealOrder() {
    List<String> order = List.of("Заявки", "Оплаты", "Сделки", "Распределение", "Обучение", "Вебинары", "Рабочее место", "Отчёты");
    return openApi -> {
      if (openApi.getTags() != null) {
        List<Tag> tags = new ArrayList<>(openApi.getTags());
        tags.sort(Comparator.comparingInt((Tag tag) -> order.indexOf(tag.getName()) < 0 ? order.size() : order.indexOf(tag.getName())));
        openApi.setTags(tags);
      }
    };
  }
}
