package com.custseg.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers: config at the bottom, io above it, the domain packages (quality, region, features,
 * segment, cluster, value, history, privacy) above io, report above the domain, job (entry points and the run) on
 * top. No package imports one above it, so no import cycle.
 */
class PackageStructureTest {
  private static final String[] DOMAIN = {"..quality..", "..region..", "..features..", "..segment..", "..cluster..",
      "..value..", "..history..", "..privacy.."};
  private static JavaClasses classes;

  @BeforeAll
  static void importTheJobsClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("com.custseg");
  }

  @Test
  void noPackagesImportEachOtherInACircle() {
    slices().matching("com.custseg.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void configImportsNoOtherPackageOfTheJob() {
    noClasses().that().resideInAPackage("com.custseg.config..").should().dependOnClassesThat()
        .resideInAnyPackage("com.custseg.io..", "com.custseg.report..", "com.custseg.job..")
        .check(classes);
    noClasses().that().resideInAPackage("com.custseg.config..").should().dependOnClassesThat()
        .resideInAnyPackage(DOMAIN).check(classes);
  }

  @Test
  void ioImportsNeitherTheDomainNorReportNorJob() {
    noClasses().that().resideInAPackage("com.custseg.io..").should().dependOnClassesThat()
        .resideInAnyPackage(DOMAIN).check(classes);
    noClasses().that().resideInAPackage("com.custseg.io..").should().dependOnClassesThat()
        .resideInAnyPackage("com.custseg.report..", "com.custseg.job..").check(classes);
  }

  @Test
  void theDomainPackagesImportNeitherReportNorJob() {
    noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat()
        .resideInAnyPackage("com.custseg.report..", "com.custseg.job..").check(classes);
  }

  @Test
  void reportNeverReachesUpIntoJob() {
    noClasses().that().resideInAPackage("com.custseg.report..").should().dependOnClassesThat()
        .resideInAPackage("com.custseg.job..").check(classes);
  }
}
