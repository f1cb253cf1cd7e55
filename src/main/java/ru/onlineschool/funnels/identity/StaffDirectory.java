package ru.onlineschool.funnels.identity;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Creates engine users and memberships idempotently; never overwrites an existing password. */
@Component
public class StaffDirectory {

  private final IdentityService identity;

  public StaffDirectory(IdentityService identity) {
    this.identity = identity;
  }

  /** Creates the user if missing and adds any missing memberships. */
  public void ensureUser(String id, String firstName, String lastName, String email, String password, String... groups) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName(firstName);
      user.setLastName(lastName);
      user.setEmail(email);
      user.setPassword(password);
      identity.saveUser(user);
    }
    for (String group : groups) {
      if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
        identity.createMembership(id, group);
      }
    }
  }

  /**
   * The employee's name as people read it («Анна Смирнова»); the login only when the user has no
   * name. Within a transaction each name is read once: a lead's distribution note and its first
   * task both name the responsible.
   */
  public String nameOf(String userId) {
    if (userId == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return readName(userId);
    }
    @SuppressWarnings("unchecked")
    Map<String, String> known = (Map<String, String>) TransactionSynchronizationManager.getResource(this);
    if (known == null) {
      Map<String, String> names = new HashMap<>();
      known = names;
      TransactionSynchronizationManager.bindResource(this, names);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(StaffDirectory.this);
            }
          });
    }
    return known.computeIfAbsent(userId, this::readName);
  }

  private String readName(String userId) {
    User user = userId == null ? null : identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      return userId;
    }
    return displayName(user);
  }

  /** A user's name as people read it: first and last name, whichever he has; his login only when he has neither. */
  public static String displayName(User user) {
    String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " " + (user.getLastName() == null ? "" : user.getLastName())).strip();
    return name.isEmpty() ? user.getId() : name;
  }
}
