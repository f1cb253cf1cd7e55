package ru.onlineschool.funnels.lead;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * The time a client said suits him for calls, «с» {@code convenientFrom} «до» {@code convenientTo}
 * by his own clock: each HH:mm or absent, and «с» before «до» when both are given. Reported on the
 * field at fault.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConvenientWindow.Check.class)
public @interface ConvenientWindow {

  /** HH:mm, as the fields are read (also shown in OpenAPI; an empty string clears in the card). */
  String PATTERN = "^(([01]\\d|2[0-3]):[0-5]\\d)?$";

  String message() default "{ru.onlineschool.funnels.lead.ConvenientWindow.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** A request body with the window. */
  interface Window {
    String convenientFrom();

    String convenientTo();

    /** The time of a field that passed the check; null when absent. */
    static LocalTime time(String value) {
      return value == null || value.isBlank() ? null : LocalTime.parse(value.strip());
    }
  }

  class Check implements ConstraintValidator<ConvenientWindow, Window> {
    private static final String FORMAT = "{ru.onlineschool.funnels.lead.ConvenientWindow.format}";
    private static final String ORDER = "{ru.onlineschool.funnels.lead.ConvenientWindow.order}";

    @Override
    public boolean isValid(Window value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      boolean valid = true;
      LocalTime from = null;
      LocalTime to = null;
      try {
        from = parse(value.convenientFrom());
      } catch (DateTimeParseException e) {
        context.buildConstraintViolationWithTemplate(FORMAT).addPropertyNode("convenientFrom").addConstraintViolation();
        valid = false;
      }
      try {
        to = parse(value.convenientTo());
      } catch (DateTimeParseException e) {
        context.buildConstraintViolationWithTemplate(FORMAT).addPropertyNode("convenientTo").addConstraintViolation();
        valid = false;
      }
      if (from != null && to != null && !from.isBefore(to)) {
        context.buildConstraintViolationWithTemplate(ORDER).addPropertyNode("convenientTo").addConstraintViolation();
        valid = false;
      }
      return valid;
    }

    private static LocalTime parse(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      String text = value.strip();
      if (text.isEmpty() || !text.matches(PATTERN)) {
        throw new DateTimeParseException("not HH:mm", text, 0);
      }
      return LocalTime.parse(text);
    }
  }
}
