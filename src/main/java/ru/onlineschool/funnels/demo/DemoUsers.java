package ru.onlineschool.funnels.demo;

import org.springframework.stereotype.Component;
import ru.onlineschool.funnels.identity.SchoolGroup;
import ru.onlineschool.funnels.identity.StaffDirectory;

/** The demo profile's staff, all with the password {@code demo}. */
@Component
public class DemoUsers {

  static final String PASSWORD = "demo";

  private final StaffDirectory directory;

  public DemoUsers(StaffDirectory directory) {
    this.directory = directory;
  }

  public void ensure() {
    directory.ensureUser("rop", "Ольга", "Орлова", "rop@school.example", PASSWORD, SchoolGroup.SALES_HEADS.id());
    directory.ensureUser("manager1", "Анна", "Смирнова", "manager1@school.example", PASSWORD, SchoolGroup.MANAGERS.id());
    directory.ensureUser("manager2", "Игорь", "Петров", "manager2@school.example", PASSWORD, SchoolGroup.MANAGERS.id());
    directory.ensureUser("manager3", "Мария", "Кузнецова", "manager3@school.example", PASSWORD, SchoolGroup.MANAGERS.id());
    directory.ensureUser("curator1", "Елена", "Васильева", "curator1@school.example", PASSWORD, SchoolGroup.CURATORS.id());
  }
}
