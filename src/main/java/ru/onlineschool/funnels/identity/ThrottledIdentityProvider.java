package ru.onlineschool.funnels.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The engine's own user store with our login throttle in its password check. Every login path
 * — Basic on /engine-rest and /api, the webapps' login form, any Java caller — ends in the
 * engine's {@code CheckPassword} command, which asks this provider; so the limits hold whatever
 * servlet or API brought the password, and nothing in front of the engine has to agree.
 *
 * <p>Replaces the engine's lock schedule: no lock «for good» after {@code loginMaxAttempts}
 * (anyone could use it to shut a colleague out by guessing), a few free failures, then a lock
 * doubling up to a few minutes ({@link LoginProperties}). An administrator's unlock
 * ({@code IdentityService.unlockUser}, Admin's «Разблокировать») clears the account and
 * forgives the addresses that failed against it.
 */
public class ThrottledIdentityProvider extends DbIdentityServiceProvider {

  private final LoginThrottle throttle;

  ThrottledIdentityProvider(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public boolean checkPassword(String userId, String password) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    String address = LoginClient.address();
    if (address != null) {
      Optional<Duration> wait = throttle.admit(address, now);
      if (wait.isPresent()) {
        throw new LoginThrottledException(wait.get());
      }
    }
    LoginThrottle.Outcome outcome = LoginThrottle.Outcome.NOT_CHECKED;
    try {
      if (userId == null || password == null) {
        return false;
      }
      // The turn first, then the read: so the read sees what the previous check of this account committed.
      boolean turn = throttle.claimAccount(userId);
      if (!turn && throttle.withoutFailures(userId)) {
        // Parallel logins of an account nobody is guessing at (a REST client with Basic on every
        // request) wait for their turn, a few milliseconds; only an account with failures refuses.
        turn = throttle.awaitAccount(userId);
      }
      UserEntity user = findUserById(userId);
      if (user == null) {
        return false;
      }
      if (!turn) {
        throw new LoginThrottledException(Duration.ofSeconds(1));
      }
      Instant lockEnd = lockEnd(user);
      if (LoginThrottle.locked(lockEnd, now)) {
        throw new LoginThrottledException(Duration.between(now, lockEnd));
      }
      if (matchPassword(password, user)) {
        unlockUser(user);
        outcome = LoginThrottle.Outcome.ACCEPTED;
        return true;
      }
      outcome = LoginThrottle.Outcome.WRONG_PASSWORD;
      lockUser(user);
      return false;
    } finally {
      if (address != null) {
        throttle.settle(address, userId, outcome, now);
      }
    }
  }

  @Override
  protected boolean isUserLocked(UserEntity user) {
    return LoginThrottle.locked(lockEnd(user), ClockUtil.getCurrentTime().toInstant());
  }

  @Override
  protected void lockUser(UserEntity user) {
    LoginThrottle.AccountFailure failure =
        throttle.accountFailure(user.getAttempts(), lockEnd(user), ClockUtil.getCurrentTime().toInstant());
    getIdentityInfoManager().updateUserLock(user, failure.failures(), Date.from(failure.lockEnd()));
  }

  @Override
  public IdentityOperationResult unlockUser(String userId) {
    IdentityOperationResult result = super.unlockUser(userId);
    throttle.forgive(userId);
    return result;
  }

  private static Instant lockEnd(UserEntity user) {
    return user.getLockExpirationTime() == null ? null : user.getLockExpirationTime().toInstant();
  }

  /** Opens the provider for each command, in place of the engine's default one. */
  public static class Factory implements SessionFactory {

    private final LoginThrottle throttle;

    public Factory(LoginThrottle throttle) {
      this.throttle = throttle;
    }

    @Override
    public Class<?> getSessionType() {
      return ThrottledIdentityProvider.class;
    }

    @Override
    public Session openSession() {
      return new ThrottledIdentityProvider(throttle);
    }
  }
}
