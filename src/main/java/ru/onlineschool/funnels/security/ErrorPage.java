package ru.onlineschool.funnels.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.WebRequest;

/**
 * The container's error page ({@code /error}) outside our {@code /api}: asked for directly it is
 * no address at all — Spring's error controller, finding no error to describe, answered 500
 * «None» (issue 13). A direct request now gets the 404 any unknown address gets; its body, like
 * every error body of this page, carries a Russian message.
 */
@Configuration
public class ErrorPage {

  private static final Map<Integer, String> MESSAGES =
      Map.of(
          400, "Неверный запрос.",
          401, "Требуется вход.",
          403, "Доступ запрещён.",
          404, "По этому адресу ничего нет.",
          405, "Этот адрес не принимает такой метод.",
          406, "Ответ в запрошенном формате невозможен.",
          413, "Слишком большой запрос.",
          415, "Неподдерживаемый формат тела запроса.",
          500, "Внутренняя ошибка сервера. Повторите позже; если не помогло — сообщите администратору.",
          503, "Сервис временно недоступен, повторите запрос позже.");

  @Bean
  FilterRegistrationBean<HttpFilter> errorPageOnlyForErrors(@Value("${server.error.path:/error}") String errorPath) {
    HttpFilter notAnAddress =
        new HttpFilter() {
          @Override
          protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
          }
        };
    var registration = new FilterRegistrationBean<>(notAnAddress);
    registration.setName("error-page-only-for-errors");
    registration.addUrlPatterns(errorPath, errorPath + "/*");
    // Only a client's own request: the container's forward to the error page (ERROR) goes on.
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(0);
    return registration;
  }

  @Bean
  DefaultErrorAttributes errorAttributes() {
    return new DefaultErrorAttributes() {
      @Override
      public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        if (attributes.get("status") instanceof Integer status) {
          attributes.put("message", MESSAGES.getOrDefault(status, status >= 500 ? MESSAGES.get(500) : MESSAGES.get(400)));
        }
        return attributes;
      }
    };
  }
}
