package ru.onlineschool.funnels;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The shape of the production code: features depend on each other in one direction only, the
 * demo data is a leaf the application can run without, and the deal's tables have one owner.
 */
@AnalyzeClasses(packages = "ru.onlineschool.funnels", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** A loop between two features means neither can be understood, tested or changed alone. */
  @ArchTest
  static final ArchRule featuresAreFreeOfCycles =
      slices().matching("ru.onlineschool.funnels.(*)..").namingSlices("$1").should().beFreeOfCycles();

  /** The demo profile's data registers itself; the application never needs it (prod runs without). */
  @ArchTest
  static final ArchRule nothingInProductionDependsOnTheDemo =
      noClasses()
          .that()
          .resideOutsideOfPackage("ru.onlineschool.funnels.demo..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ru.onlineschool.funnels.demo..");

  /**
   * SQL is written only where a table is owned: the deal module ({@code contact}, {@code deal},
   * {@code deal_tag}, {@code timeline_entry}, {@code payment}; in {@code deal/client} the clients'
   * {@code contact_personal_data} and the paying {@code company}) and the few classes that keep a
   * feature's own table. Everybody else calls their API. What these owners may write about the
   * deal's tables is checked by {@link DealTablesTest}.
   */
  @ArchTest
  static final ArchRule onlyTableOwnersTalkToTheDatabase =
      noClasses()
          .that()
          .resideOutsideOfPackages("ru.onlineschool.funnels.deal..", "ru.onlineschool.funnels.config..")
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.api.IdempotentRequests") // idempotency_request
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.messaging.Outbox") // outbox_message
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.lead.LeadInbox") // lead_inbox
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.inbound.InboundMessages") // inbound_message
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.distribution.ManagerAvailability") // manager_availability
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.distribution.StaffPresence") // staff_presence, staff_activity
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.webinar.WebinarTables") // webinar, webinar_registration
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.identity.LoginThrottle") // the engine's ACT_ID_USER locks
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.identity.AccessPolicy") // deletes the engine's per-task grants at start
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.tasklist.TasklistIndexes") // indexes on the engine's ACT_RU_TASK in the filters' order
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.engine.DueJobsByIndex") // the index on the engine's ACT_RU_JOB due date, due dates for older jobs
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.engine.TaskQueryWithoutDistinct") // counts a few due tasks on the engine's statement's connection to choose how a page is read
          .and()
          .doNotHaveFullyQualifiedName("ru.onlineschool.funnels.migration.AmoImportTables") // amo_import_key, amo_import_mapping
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("org.springframework.jdbc.core..", "org.springframework.jdbc.object..")
                  .or(assignableTo(DataSource.class))
                  .or(assignableTo(Connection.class))
                  .or(assignableTo(Statement.class))
                  .as("run SQL (JdbcTemplate, JdbcClient, SimpleJdbcInsert, a DataSource, a Connection or a Statement)"))
          .because("the deal's tables are read and written through deal/, and every other table has one owning class");
}
