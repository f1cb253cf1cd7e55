package ru.onlineschool.funnels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the production code: features depend on each other in one direction only, and the
 * demo data is a leaf the application can run without.
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
}
