package ru.onlineschool.funnels.config;

import java.lang.reflect.Field;

/**
 * Reads a private field of one of the engine's commands: the engine's interceptors of ours (the
 * query-expression guard, the task-work guard, the completion check) decide by what a command
 * carries, and Camunda 7 offers no getter for it. Resolved once, when the class that needs the
 * field loads: an upgrade of Camunda that renames a field fails the start, not a request.
 */
public final class CommandFields {

  private CommandFields() {}

  public static Field field(Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Camunda changed " + owner.getName() + ": no field «" + name + "»", e);
    }
  }

  public static Object read(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
