package ru.onlineschool.funnels.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How failed logins are slowed down ({@code school.login.*}, docs/decisions.md «Nobody can lock
 * a colleague out»). Both limits count wrong passwords only and never lock for good.
 *
 * @param account per staff account, whatever address the attempts come from: a few free
 *     failures (typos), then a lock that doubles from {@code firstLock} up to {@code maxLock}
 * @param address per client address (IPv6: per /64 network), over all accounts: slows down one
 *     machine that guesses, without touching logins from elsewhere
 * @param trustedProxies addresses or networks (CIDR) of our own reverse proxies; only a request
 *     arriving from one of them has its {@code X-Forwarded-For} believed. Empty: the socket's
 *     address is the client, whatever headers it sends
 */
@ConfigurationProperties(prefix = "school.login")
public record LoginProperties(Limit account, Limit address, List<String> trustedProxies) {

  public LoginProperties {
    account = account == null ? new Limit(3, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(1)) : account;
    address = address == null ? new Limit(20, Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofHours(1)) : address;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }

  /**
   * @param freeFailures wrong passwords in a row that cost nothing
   * @param firstLock the lock after the first failure beyond the free ones; each further one doubles it
   * @param maxLock the longest a lock ever lasts
   * @param forgetAfter failures older than this (counted from the end of the last lock) are forgotten
   */
  public record Limit(int freeFailures, Duration firstLock, Duration maxLock, Duration forgetAfter) {
    public Limit {
      if (freeFailures < 0 || firstLock == null || maxLock == null || forgetAfter == null
          || firstLock.isNegative() || firstLock.isZero() || maxLock.compareTo(firstLock) < 0) {
        throw new IllegalArgumentException(
            "school.login: задайте free-failures ≥ 0, first-lock > 0, max-lock ≥ first-lock и forget-after");
      }
    }

    /** How long to lock after the given number of failures in a row (zero while they are free). */
    Duration lockAfter(int failures) {
      int beyond = failures - freeFailures;
      if (beyond <= 0) {
        return Duration.ZERO;
      }
      // Doubling stops at the cap long before a shift could overflow.
      Duration lock = firstLock;
      for (int i = 1; i < beyond && lock.compareTo(maxLock) < 0; i++) {
        lock = lock.multipliedBy(2);
      }
      return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
  }
}
