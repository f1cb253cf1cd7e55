package ru.onlineschool.funnels.identity;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one throttle in front of every password check (see {@link ThrottledIdentityProvider}).
 *
 * <p>Per account the state is the engine's own: {@code ACT_ID_USER.ATTEMPTS_} and
 * {@code LOCK_EXP_TIME_}, in the database every node shares, cleared by an administrator's
 * «unlock». A lock always has an end ({@link LoginProperties.Limit#maxLock()}); the engine's lock
 * «for good» after {@code loginMaxAttempts} is never used.
 *
 * <p>Per client address the state lives in this node's memory: a wrong password from a stranger
 * should not cost a database write, and a balancer that keeps a client on one node (ip_hash)
 * keeps its failures on one node too. Without that, each node lets an address through its own
 * free failures.
 */
@Component
public class LoginThrottle {

  /** Addresses tracked at most; beyond it forgotten ones go first, then every unlocked one. */
  static final int MAX_ADDRESSES = 100_000;
  /** Accounts remembered per address, so that «unlock» can forgive the address too. */
  static final int ACCOUNTS_PER_ADDRESS = 16;

  private final LoginProperties settings;
  private final JdbcTemplate jdbc;
  private final ConcurrentHashMap<String, AddressRecord> addresses = new ConcurrentHashMap<>();

  public LoginThrottle(LoginProperties settings, JdbcTemplate jdbc) {
    this.settings = settings;
    this.jdbc = jdbc;
  }

  /** The outcome of one password check, for the address's count. */
  public enum Outcome {
    ACCEPTED,
    /** A real account, the wrong password: the only outcome that counts. */
    WRONG_PASSWORD,
    /**
     * No such account, or the account's lock or turn refused the check. Not counted: no password
     * of a name that does not exist can be guessed (counting them would lock an office's shared
     * address for misspelt logins), and a person refused by her account's lock may be its victim.
     */
    NOT_CHECKED
  }

  /**
   * Admits one password check from {@code address}, or says how long to wait. Past its free
   * failures an address gets one check at a time, so a burst of parallel requests cannot slip
   * many guesses in before the first failure is counted. Every admitted check must be
   * {@link #settle settled}.
   */
  public Optional<Duration> admit(String address, Instant now) {
    if (addresses.size() > MAX_ADDRESSES) {
      sweep(now);
    }
    Duration[] wait = {null};
    addresses.compute(
        address,
        (key, record) -> {
          if (record == null || record.forgotten(now, settings.address())) {
            record = new AddressRecord();
          }
          if (record.lockedUntil != null && record.lockedUntil.isAfter(now)) {
            wait[0] = Duration.between(now, record.lockedUntil);
          } else if (record.failures + record.inFlight >= settings.address().freeFailures() && record.inFlight > 0) {
            wait[0] = Duration.ofSeconds(1);
          } else {
            record.inFlight++;
          }
          return record;
        });
    return Optional.ofNullable(wait[0]);
  }

  /** Ends an admitted check. */
  public void settle(String address, String userId, Outcome outcome, Instant now) {
    addresses.computeIfPresent(
        address,
        (key, record) -> {
          record.inFlight = Math.max(0, record.inFlight - 1);
          if (outcome == Outcome.WRONG_PASSWORD) {
            record.failures++;
            record.lastFailure = now;
            Duration lock = settings.address().lockAfter(record.failures);
            if (!lock.isZero()) {
              record.lockedUntil = now.plus(lock);
            }
            record.remember(userId);
          }
          return record;
        });
  }

  /**
   * An administrator unlocked the account: addresses that failed against it are forgiven too (on
   * this node), so the person can log in at once even from an office address a colleague shares.
   */
  public void forgive(String userId) {
    addresses.entrySet().removeIf(e -> e.getValue().inFlight == 0 && e.getValue().accounts.contains(userId));
  }

  /**
   * Takes the account's turn: locks its row in the engine's table until the password check's
   * transaction ends, or answers false at once when another check of the same account holds it.
   * Without turns a burst of parallel guesses all read «not locked» before the first failure was
   * written (40 at once got 14 checks instead of 4). Not waiting keeps a flood of guesses at one
   * account from holding request threads; false for an unknown account too.
   */
  public boolean claimAccount(String userId) {
    return !jdbc.queryForList("SELECT ID_ FROM ACT_ID_USER WHERE ID_ = ? FOR UPDATE SKIP LOCKED", String.class, userId).isEmpty();
  }

  /**
   * Whether the account has no failed logins on record (committed state, read past the engine's
   * entity cache): then a check that found the account's turn taken waits for it instead of being
   * refused, since the one holding it is most likely the same person's or program's login.
   */
  public boolean withoutFailures(String userId) {
    return jdbc.queryForList(
            "SELECT ID_ FROM ACT_ID_USER WHERE ID_ = ? AND (ATTEMPTS_ IS NULL OR ATTEMPTS_ = 0) AND LOCK_EXP_TIME_ IS NULL",
            String.class,
            userId)
        .size() == 1;
  }

  /** Waits for the account's turn (the row lock of the check before ends with its transaction). */
  public boolean awaitAccount(String userId) {
    return !jdbc.queryForList("SELECT ID_ FROM ACT_ID_USER WHERE ID_ = ? FOR UPDATE", String.class, userId).isEmpty();
  }

  /**
   * The account's next lock end after one more wrong password. {@code lockEnd} of the previous
   * failure also marks when it happened: failures older than {@code forgetAfter} start again at one.
   */
  public AccountFailure accountFailure(int previousFailures, Instant previousLockEnd, Instant now) {
    LoginProperties.Limit limit = settings.account();
    boolean forgotten = previousLockEnd == null || previousLockEnd.plus(limit.forgetAfter()).isBefore(now);
    int failures = (forgotten ? 0 : previousFailures) + 1;
    // Even a free failure writes a lock end (= now): it records when the failure happened.
    return new AccountFailure(failures, now.plus(limit.lockAfter(failures)));
  }

  public record AccountFailure(int failures, Instant lockEnd) {}

  /** Whether an account with this lock end is locked now: the one rule, for logins and distribution. */
  public static boolean locked(Instant lockEnd, Instant now) {
    return lockEnd != null && lockEnd.isAfter(now);
  }

  /**
   * The members of a group whose account is not locked by failed logins at {@code now}, in the
   * order of their logins: one statement on the engine's membership and user tables (a lead asks
   * this of the group «managers»; the engine's user query mapped every member's account for it).
   */
  public List<String> unlockedMembers(String groupId, Instant now) {
    return jdbc.query(
        "SELECT m.USER_ID_ FROM ACT_ID_MEMBERSHIP m JOIN ACT_ID_USER u ON u.ID_ = m.USER_ID_"
            + " WHERE m.GROUP_ID_ = ? AND (u.LOCK_EXP_TIME_ IS NULL OR u.LOCK_EXP_TIME_ <= ?) ORDER BY m.USER_ID_",
        (rs, row) -> rs.getString(1),
        groupId,
        Timestamp.from(now));
  }

  private void sweep(Instant now) {
    addresses.entrySet().removeIf(e -> e.getValue().inFlight == 0 && e.getValue().forgotten(now, settings.address()));
    if (addresses.size() > MAX_ADDRESSES) {
      // Under a flood from very many addresses keep the ones that are locked now.
      addresses.entrySet().removeIf(e -> e.getValue().inFlight == 0 && !locked(e.getValue().lockedUntil, now));
    }
  }

  /** Guarded by the map's per-key lock (compute). */
  private static final class AddressRecord {
    int failures;
    int inFlight;
    Instant lastFailure;
    Instant lockedUntil;
    final Set<String> accounts = new LinkedHashSet<>();

    boolean forgotten(Instant now, LoginProperties.Limit limit) {
      if (inFlight > 0 || lastFailure == null) {
        return inFlight == 0 && failures == 0;
      }
      Instant quietSince = lockedUntil != null && lockedUntil.isAfter(lastFailure) ? lockedUntil : lastFailure;
      return quietSince.plus(limit.forgetAfter()).isBefore(now);
    }

    void remember(String userId) {
      if (userId == null) {
        return;
      }
      accounts.remove(userId);
      accounts.add(userId);
      if (accounts.size() > ACCOUNTS_PER_ADDRESS) {
        accounts.remove(accounts.iterator().next());
      }
    }
  }
}
