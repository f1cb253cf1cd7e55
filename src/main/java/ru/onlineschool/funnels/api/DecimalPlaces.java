package ru.onlineschool.funnels.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * At most {@link #max()} digits after the point, trailing zeros aside: {@code 100.500} is
 * {@code 100.50}. ({@code @Digits} counts the zeros and also limits the whole part, which is
 * {@code @DecimalMax}'s job here, with its own message.)
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DecimalPlaces.Check.class)
public @interface DecimalPlaces {

  int max();

  String message() default "{ru.onlineschool.funnels.api.DecimalPlaces.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<DecimalPlaces, BigDecimal> {

    private int max;

    @Override
    public void initialize(DecimalPlaces annotation) {
      max = annotation.max();
    }

    @Override
    public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
      return value == null || value.stripTrailingZeros().scale() <= max;
    }
  }
}
