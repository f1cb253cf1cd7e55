package ru.onlineschool.funnels.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Size;

/**
 * {@link Size} for our texts, counted the way they are stored and the way OpenAPI's
 * {@code maxLength} counts: characters (code points, so «😀» is one) of the value without
 * surrounding blanks, which are cut off before storing. Registered for {@code String} through
 * {@code META-INF/services/jakarta.validation.ConstraintValidator}; Hibernate Validator takes it
 * over its own one for {@code CharSequence} because {@code String} is the more specific type.
 * A blank value counts as absent: {@code @NotBlank} decides whether it may be.
 */
public class TextLength implements ConstraintValidator<Size, String> {

  private int min;
  private int max;

  @Override
  public void initialize(Size size) {
    min = size.min();
    max = size.max();
  }

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    if (value == null || value.isBlank()) {
      return true;
    }
    String stripped = value.strip();
    int length = stripped.codePointCount(0, stripped.length());
    return length >= min && length <= max;
  }
}
