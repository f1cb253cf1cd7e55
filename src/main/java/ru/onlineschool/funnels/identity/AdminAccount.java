package ru.onlineschool.funnels.identity;

import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.config.SchoolProperties;

/** The built-in administrator {@code admin}, with the password from configuration. */
@Component
public class AdminAccount {

  public static final String ADMIN_ID = "admin";

  private final StaffDirectory directory;
  private final SchoolProperties properties;

  public AdminAccount(StaffDirectory directory, SchoolProperties properties) {
    this.directory = directory;
    this.properties = properties;
  }

  public void ensure() {
    directory.ensureUser(
        ADMIN_ID,
        "Дмитрий",
        "Соколов",
        "admin@school.example",
        properties.admin().password(),
        SchoolGroup.ADMINS.id(),
        Groups.CAMUNDA_ADMIN);
  }
}
