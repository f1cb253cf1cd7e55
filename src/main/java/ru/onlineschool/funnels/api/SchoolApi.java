package ru.onlineschool.funnels.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the controllers of our own {@code /api}: only they get {@link ProblemDetails}' Russian
 * problem answers, so the Camunda webapps and springdoc keep their own error handling.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SchoolApi {}
