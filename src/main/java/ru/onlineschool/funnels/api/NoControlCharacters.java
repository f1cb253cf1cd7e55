package ru.onlineschool.funnels.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text without control characters; line breaks and tabs only where {@link #multiline()}. HTML is
 * not touched: it is stored and returned as text, escaping is the job of whoever renders it. A
 * blank value counts as absent, as everywhere in our request bodies.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoControlCharacters.Check.class)
public @interface NoControlCharacters {

  /** Whether line breaks and tabs are allowed (a comment), or the text is one line (a name). */
  boolean multiline() default false;

  String message() default "{ru.onlineschool.funnels.api.NoControlCharacters.message}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<NoControlCharacters, String> {

    private boolean multiline;

    @Override
    public void initialize(NoControlCharacters annotation) {
      multiline = annotation.multiline();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || value.isBlank() || !TextRules.hasControlCharacters(value.strip(), multiline);
    }
  }
}
