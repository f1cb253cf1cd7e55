package ru.onlineschool.funnels.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column a request field ends up in, {@code "table.column"}. The database cannot read a
 * field's {@code @Size}, so {@code RequestLimitsMatchColumnsTest} compares the two: a limit
 * changed on one side only fails the build instead of a request at night.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface StoredIn {

  /** {@code table.column}, as in {@code db/migration}. */
  String value();
}
