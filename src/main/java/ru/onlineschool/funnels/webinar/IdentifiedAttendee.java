package ru.onlineschool.funnels.webinar;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An attendee the platform names at all: by deal number, phone or e-mail (and not as {@code
 * null}). On the list's element type, so a {@code null} element is reported as well.
 */
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IdentifiedAttendee.Check.class)
public @interface IdentifiedAttendee {

  String message() default "{ru.onlineschool.funnels.webinar.IdentifiedAttendee.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<IdentifiedAttendee, AttendanceRequest.Attendee> {
    @Override
    public boolean isValid(AttendanceRequest.Attendee value, ConstraintValidatorContext context) {
      return value != null && (value.dealId() != null || !blank(value.phone()) || !blank(value.email()));
    }

    private static boolean blank(String value) {
      return value == null || value.isBlank();
    }
  }
}
