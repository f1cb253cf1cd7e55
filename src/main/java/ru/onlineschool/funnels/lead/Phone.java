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
 * code it is Russian. Surrounding blanks are cut off (and a line break at the end of a form's
 * field is such a blank); blank counts as absent. Control characters within are left to
 * {@link ru.onlineschool.funnels.api.NoControlCharacters}, which names them: that rule must be on
 * the field too.
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
      if (value == null || value.isBlank()) {
        return true;
      }
      String phone = value.strip();
      return TextRules.hasControlCharacters(phone, false) || PhoneNumbers.toE164(phone).isPresent();
    }
  }
}
