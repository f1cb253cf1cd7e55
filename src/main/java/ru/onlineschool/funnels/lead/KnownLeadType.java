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

/** One of the {@link LeadType} titles (case and spacing aside); the message lists them all. Blank counts as absent. */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownLeadType.Check.class)
public @interface KnownLeadType {

  String message() default "{ru.onlineschool.funnels.lead.KnownLeadType.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<KnownLeadType, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.isBlank() || LeadType.byTitle(value).isPresent()) {
        return true;
      }
      context.unwrap(HibernateConstraintValidatorContext.class).addMessageParameter("titles", LeadType.allTitles());
      return false;
    }
  }
}
