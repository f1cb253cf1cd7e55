package ru.onlineschool.funnels.identity;

/**
 * The address of the client whose request is being served, for the password check deep inside
 * the engine: Basic on /engine-rest and /api and the webapps' login form all end in
 * {@code IdentityService.checkPassword} on the request's thread. Set by the web layer for the
 * whole request; absent for calls from our own code (then only the per-account limit applies).
 */
public final class LoginClient {

  private static final ThreadLocal<String> ADDRESS = new ThreadLocal<>();

  private LoginClient() {}

  public static String address() {
    return ADDRESS.get();
  }

  /** Makes {@code address} the current client until the returned scope is closed. */
  public static Scope enter(String address) {
    String previous = ADDRESS.get();
    ADDRESS.set(address);
    return () -> {
      if (previous == null) {
        ADDRESS.remove();
      } else {
        ADDRESS.set(previous);
      }
    };
  }

  /** Restores the previous client. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
