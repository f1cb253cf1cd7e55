package ru.onlineschool.funnels.webinar;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A moment in ISO-8601 with the offset ({@code 2026-12-03T19:00:00+03:00}): the offset is the
 * client's time zone for the letters, so a moment without it is refused. Blank counts as absent.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DateTimeWithOffset.Check.class)
public @interface DateTimeWithOffset {

  String message() default "{ru.onlineschool.funnels.webinar.DateTimeWithOffset.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<DateTimeWithOffset, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.isBlank()) {
        return true;
      }
      try {
        OffsetDateTime.parse(value.strip());
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }
  }
}
