package ru.onlineschool.funnels.identity;

import java.util.List;

/**
 * The school's processes as {@link AccessPolicy} grants on them: which definitions the sales
 * department works and which the curators. The funnels belong to the deal module, which implements
 * this; identity only declares what it needs, so that it does not depend on a feature that depends
 * on it.
 */
public interface SchoolProcesses {

  /** Process keys worked by the sales department (heads of sales and managers). */
  List<String> sales();

  /** Process keys worked by the curators. */
  List<String> delivery();

  /** Every funnel's process key: grants on other definitions are not the policy's business. */
  List<String> all();
}
