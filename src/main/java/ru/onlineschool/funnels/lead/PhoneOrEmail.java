package ru.onlineschool.funnels.lead;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request that reaches a person needs a way to reach them: a phone or an e-mail. Reported on
 * {@code phone}, the field a form shows first.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PhoneOrEmail.Check.class)
public @interface PhoneOrEmail {

  String message() default "{ru.onlineschool.funnels.lead.PhoneOrEmail.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** A request body with a client's contact details. */
  interface Contact {
    String phone();

    String email();
  }

  class Check implements ConstraintValidator<PhoneOrEmail, Contact> {
    @Override
    public boolean isValid(Contact value, ConstraintValidatorContext context) {
      if (value == null || !blank(value.phone()) || !blank(value.email())) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate()).addPropertyNode("phone").addConstraintViolation();
      return false;
    }

    private static boolean blank(String value) {
      return value == null || value.isBlank();
    }
  }
}
