package ru.onlineschool.funnels.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Swagger UI and its OpenAPI document are public pages of our server, so they get the same
 * protection as Tasklist (issue 13): no framing (clickjacking), no content sniffing, and a policy
 * that lets the page run only the scripts it is served with. Swagger UI's own bundle sets inline
 * styles and uses data: images, nothing else; it reads the description from {@code /v3/api-docs}.
 */
@Configuration
public class DocumentationHeaders {

  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
          + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Bean
  FilterRegistrationBean<HttpFilter> documentationHeadersFilter() {
    HttpFilter headers =
        new HttpFilter() {
          @Override
          protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
              throws IOException, ServletException {
            response.setHeader("Content-Security-Policy", POLICY);
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            chain.doFilter(request, response);
          }
        };
    var registration = new FilterRegistrationBean<>(headers);
    registration.setName("documentation-headers");
    registration.addUrlPatterns("/swagger-ui.html", "/swagger-ui/*", "/v3/api-docs", "/v3/api-docs/*");
    registration.setOrder(0);
    return registration;
  }
}
