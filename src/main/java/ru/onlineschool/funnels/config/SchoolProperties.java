package ru.onlineschool.funnels.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the school configures, under the prefix {@code school}. Secrets have no
 * defaults outside the demo profile: the application refuses to start without them.
 */
@Validated
@ConfigurationProperties(prefix = "school")
public record SchoolProperties(
    @NotNull ZoneId timeZone,
    @Valid @NotNull Admin admin,
    @Valid @NotNull Intake intake,
    Demo demo) {

  public SchoolProperties {
    if (demo == null) {
      demo = new Demo(false, false);
    }
  }

  /** The built-in administrator account ({@code admin}). */
  public record Admin(
      @NotBlank(message = "задайте пароль администратора в переменной окружения SCHOOL_ADMIN_PASSWORD")
          String password) {}

  /** The key that website forms and call-centre systems send as {@code X-Api-Key}. */
  public record Intake(
      @NotBlank(message = "задайте ключ API для приёма заявок в переменной окружения SCHOOL_INTAKE_API_KEY")
          String apiKey) {}

  /** Demo users, and (unless switched off, as the tests do) demo deals; on only in the demo profile. */
  public record Demo(boolean enabled, Boolean deals) {
    public Demo {
      deals = deals == null ? enabled : deals;
    }
  }
}
