package ru.onlineschool.funnels.api;

/**
 * Told of every authenticated request of an employee to {@code /api} and to the webapps' API
 * (Tasklist), except the ones the browser makes by itself: distribution counts an employee who has
 * done nothing for a while as away (docs/architecture.md «Who is at work»).
 */
public interface StaffActivity {

  /**
   * Sent by Tasklist's page (scripts/school-presence.js) on requests made while nobody touched the
   * page for a minute — Tasklist refreshes its lists every 10 seconds by itself: not activity.
   */
  String BACKGROUND_HEADER = "X-School-Background";

  /** The employee made a request now; cheap enough to call on every request. */
  void seen(String userId);

  /** Whether the request is one the page made by itself, not the employee. */
  static boolean isBackground(jakarta.servlet.http.HttpServletRequest request) {
    return request.getHeader(BACKGROUND_HEADER) != null;
  }
}
