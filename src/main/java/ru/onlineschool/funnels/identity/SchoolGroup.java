package ru.onlineschool.funnels.identity;

/** The engine groups of the sales department, as SPEC «Users» defines them. */
public enum SchoolGroup {
  ADMINS("admins", "Администраторы"),
  SALES_HEADS("sales-heads", "Руководители отдела продаж"),
  MANAGERS("managers", "Менеджеры"),
  CURATORS("curators", "Кураторы");

  /** Camunda's own administrators' group; members may use Admin and Cockpit fully. */
  public static final String CAMUNDA_ADMIN = "camunda-admin";

  private final String id;
  private final String title;

  SchoolGroup(String id, String title) {
    this.id = id;
    this.title = title;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }
}
