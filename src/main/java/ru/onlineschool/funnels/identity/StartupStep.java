package ru.onlineschool.funnels.identity;

/**
 * Work brought to its expected state at every start once the school's groups, their permissions and
 * the administrator exist: the Tasklist filters, the demo profile's data. The feature that owns the
 * work takes part by being a bean of this type, so identity, which every feature uses, calls none of
 * them. Steps run in their {@code @Order}. A step is idempotent: a restart or a second node runs it
 * again.
 */
public interface StartupStep {

  void ensure();
}
