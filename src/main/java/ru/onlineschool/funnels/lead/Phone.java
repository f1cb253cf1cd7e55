package ru.onlineschool.funnels.lead;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import ru.onlineschool.funnels.api.TextRules;

/**
 * A phone number in any usual form that {@link PhoneNumbers} brings to E.164; without a country
 * code it is Russian. Blank counts as absent. Control characters are left to
 * {@link ru.onlineschool.funnels.api.NoControlCharacters}, which names them.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Phone.Check.class)
public @interface Phone {

  String message() default "{ru.onlineschool.funnels.lead.Phone.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<Phone, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null
          || value.isBlank()
          || TextRules.hasControlCharacters(value, false)
          || PhoneNumbers.toE164(value.strip()).isPresent();
    }
  }
}
