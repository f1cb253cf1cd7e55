package ru.onlineschool.funnels.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real SMTP server (GreenMail) on a free loopback port for the one shared test context: the
 * test profile names the host ({@code spring.mail.host}, which makes Spring Boot create the mail
 * sender), and the port chosen at start is handed to {@code spring.mail.port} here, in the same
 * context, so no test needs a context of its own and parallel builds never fight over a port.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MailServer {

  @Bean(destroyMethod = "stop")
  GreenMail greenMail() {
    GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    greenMail.start();
    return greenMail;
  }

  @Bean
  DynamicPropertyRegistrar mailPort(GreenMail greenMail) {
    return registry -> registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
  }

  /** The messages GreenMail received for one address. */
  public static List<MimeMessage> to(GreenMail greenMail, String address) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }
}
