package ru.onlineschool.funnels.lead;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import ru.onlineschool.funnels.calendar.TimeZoneCatalog;

/**
 * A client's time zone: an IANA id of the school's list ({@code time-zones/russia.csv}); the
 * message names them all. Blank counts as absent (an empty string in the card clears the zone).
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ClientZone.Check.class)
public @interface ClientZone {

  String message() default "{ru.onlineschool.funnels.lead.ClientZone.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<ClientZone, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.isBlank() || TimeZoneCatalog.russia().byId(value).isPresent()) {
        return true;
      }
      context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("zones", TimeZoneCatalog.russia().ids());
      return false;
    }
  }
}
