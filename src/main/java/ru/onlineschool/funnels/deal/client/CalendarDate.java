package ru.onlineschool.funnels.deal.client;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A calendar date as {@code ГГГГ-ММ-ДД} that has already happened and is not older than
 * {@link #earliest()}. «Today» is today somewhere on Earth (UTC+14): a date that is already today
 * for the client is never refused, whatever the server's zone. A blank value counts as absent.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CalendarDate.Check.class)
public @interface CalendarDate {

  /** The earliest date accepted, ISO. */
  String earliest() default "1900-01-01";

  String message() default "{ru.onlineschool.funnels.deal.client.CalendarDate.message}";

  String futureMessage() default "{client.date.future}";

  String earliestMessage() default "{client.date.earliest}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<CalendarDate, String> {

    private LocalDate earliest;
    private String futureMessage;
    private String earliestMessage;

    @Override
    public void initialize(CalendarDate annotation) {
      earliest = LocalDate.parse(annotation.earliest());
      futureMessage = annotation.futureMessage();
      earliestMessage = annotation.earliestMessage();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.isBlank()) {
        return true;
      }
      LocalDate date = parse(value);
      if (date == null) {
        return false;
      }
      String problem = null;
      if (date.isAfter(LocalDate.now(ZoneOffset.ofHours(14)))) {
        problem = futureMessage;
      } else if (date.isBefore(earliest)) {
        problem = earliestMessage;
      }
      if (problem == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
      return false;
    }

    /** The date of a value, or null when it is not a real day written {@code ГГГГ-ММ-ДД}. */
    static LocalDate parse(String value) {
      String text = value.strip();
      if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return null;
      }
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException notADay) {
        return null;
      }
    }
  }
}
