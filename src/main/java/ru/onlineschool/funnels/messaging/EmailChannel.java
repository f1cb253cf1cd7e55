package ru.onlineschool.funnels.messaging;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP with Spring Mail. Spring Boot creates the {@link JavaMailSender} only when
 * {@code spring.mail.host} is set; without it this channel is not {@link #ready()} and messages
 * stay in the outbox (the demo profile).
 */
@Component
@Order(0)
public class EmailChannel implements ClientChannel {

  private final ObjectProvider<JavaMailSender> mailSender;
  private final MailProperties properties;

  public EmailChannel(ObjectProvider<JavaMailSender> mailSender, MailProperties properties) {
    this.mailSender = mailSender;
    this.properties = properties;
  }

  @Override
  public String code() {
    return Outbox.CHANNEL_EMAIL;
  }

  @Override
  public String title() {
    return "e-mail";
  }

  @Override
  public boolean ready() {
    return mailSender.getIfAvailable() != null;
  }

  @Override
  public String offReason() {
    return "почтовый сервер не настроен (spring.mail.host)";
  }

  @Override
  public Optional<String> address(Recipient recipient) {
    return Optional.ofNullable(recipient.email());
  }

  @Override
  public String noAddressReason() {
    return "у клиента нет e-mail";
  }

  @Override
  public String deliver(String address, Recipient recipient, RenderedMessage message) throws Exception {
    JavaMailSender sender = mailSender.getObject();
    MimeMessage mime = sender.createMimeMessage();
    MimeMessageHelper mail = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
    mail.setFrom(properties.from());
    mail.setTo(new InternetAddress(address, recipient.name(), StandardCharsets.UTF_8.name()));
    mail.setSubject(message.subject());
    mail.setText(message.body(), false);
    sender.send(mime);
    return mime.getMessageID();
  }

  @Override
  public String describe(String address) {
    return "по e-mail " + address;
  }
}
