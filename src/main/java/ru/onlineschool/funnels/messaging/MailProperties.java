package ru.onlineschool.funnels.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sender of client e-mail ({@code school.mail.*}). The SMTP server itself is Spring Boot's
 * {@code spring.mail.*}: without {@code spring.mail.host} nothing is sent and messages stay in
 * the outbox.
 *
 * @param from the From address clients see
 * @param schoolName the signature under every message
 */
@ConfigurationProperties(prefix = "school.mail")
public record MailProperties(String from, String schoolName) {

  public MailProperties {
    from = from == null || from.isBlank() ? "Онлайн-школа <no-reply@onlineschool.example>" : from;
    schoolName = schoolName == null || schoolName.isBlank() ? "Онлайн-школа" : schoolName;
  }
}
