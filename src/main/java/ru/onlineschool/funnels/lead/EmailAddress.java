package ru.onlineschool.funnels.lead;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * An e-mail address, deliberately loose: one @, no spaces, a dot in the domain; the mail server
 * has the last word. Surrounding blanks are cut off before the check (and before storing); blank
 * counts as absent.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EmailAddress.Check.class)
public @interface EmailAddress {

  String message() default "{ru.onlineschool.funnels.lead.EmailAddress.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<EmailAddress, String> {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || value.isBlank() || EMAIL.matcher(value.strip()).matches();
    }
  }
}
