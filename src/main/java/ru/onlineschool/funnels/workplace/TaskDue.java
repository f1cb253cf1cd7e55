package ru.onlineschool.funnels.workplace;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The due moment of a manual task: a date and time in the school's zone ({@code 2026-12-03T10:00},
 * what a person typed in the card) or with an offset ({@code 2026-12-03T10:00+03:00}), after now and
 * at most {@link #HORIZON} ahead (the engine's clock). Blank counts as absent ({@code @NotBlank} says it).
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TaskDue.Check.class)
public @interface TaskDue {

  /** How far ahead a task may be set: seed 002's «Отложенный спрос» speaks of weeks or months. */
  Duration HORIZON = Duration.ofDays(366);

  String message() default "{ru.onlineschool.funnels.workplace.TaskDue.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<TaskDue, String> {

    /** The moment a checked value stands for, local times read in the JVM's zone (the school's, {@code SchoolTimeZone}). */
    public static Optional<Instant> moment(String value) {
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      String text = value.strip();
      try {
        return Optional.of(OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException withoutOffset) {
        try {
          return Optional.of(LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.isBlank()) {
        return true;
      }
      Optional<Instant> moment = moment(value);
      String problem = null;
      if (moment.isEmpty()) {
        problem = "{ru.onlineschool.funnels.workplace.TaskDue.message}";
      } else {
        Instant now = ClockUtil.getCurrentTime().toInstant();
        if (!moment.get().isAfter(now)) {
          problem = "{ru.onlineschool.funnels.workplace.TaskDue.past}";
        } else if (moment.get().isAfter(now.plus(HORIZON))) {
          problem = "{ru.onlineschool.funnels.workplace.TaskDue.tooFar}";
        }
      }
      if (problem == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
      return false;
    }
  }
}
