package dev.mlops.samples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of DESIGN.md and the house rules of STYLE.md (1-4, 16, 28, 31), checked on the
 * compiled classes of every library module. It lives in the {@code samples} leaf because only a
 * leaf sees every module; each module's package prefix identifies its classes, and only library
 * packages are imported (the samples and the CLI may print).
 */
@DisplayName("Architecture")
class ArchitectureTest {
  private static final String[] JDK = {"java..", "javax.."};
  private static final String[] ANNOTATIONS = {"org.jspecify..", "org.apiguardian.."};
  private static final String[] LIBRARY = {
    "dev.mlops.api..",
    "dev.mlops.spi..",
    "dev.mlops.io..",
    "dev.mlops.core..",
    "dev.mlops.validation..",
    "dev.mlops.monitoring..",
    "dev.mlops.reports..",
    "dev.mlops.testkit..",
    "dev.mlops.junit.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(
                "dev.mlops.api",
                "dev.mlops.spi",
                "dev.mlops.io",
                "dev.mlops.core",
                "dev.mlops.validation",
                "dev.mlops.monitoring",
                "dev.mlops.reports",
                "dev.mlops.testkit",
                "dev.mlops.junit");
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(true).check(classes);
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }

  @Test
  @DisplayName("the library modules' classes are found (the rules below are not vacuous)")
  void classesAreImported() {
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.mlops.spi")).isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.mlops.api")).isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.mlops.junit")).isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.mlops.core.internal"))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.mlops.reports"))
        .isTrue();
  }

  @Nested
  @DisplayName("module arrows")
  class ModuleArrows {
    @Test
    @DisplayName("mlops-api depends on the JDK and compile-only annotations only")
    void apiDependsOnJdkOnly() {
      check(
          classes()
              .that()
              .resideInAnyPackage("dev.mlops.api..", "dev.mlops.spi..")
              .should()
              .onlyDependOnClassesThat()
              .resideInAnyPackage(
                  concat(JDK, ANNOTATIONS, new String[] {"dev.mlops.api..", "dev.mlops.spi.."})));
    }

    @Test
    @DisplayName("mlops-io depends on api only among our modules")
    void ioSeesApiOnly() {
      check(
          noClasses()
              .that()
              .resideInAPackage("dev.mlops.io..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(
                  "dev.mlops.core..",
                  "dev.mlops.validation..",
                  "dev.mlops.monitoring..",
                  "dev.mlops.testkit.."));
    }

    @Test
    @DisplayName("mlops-core never reaches validation, monitoring or the test kit")
    void coreDoesNotReachUpOrSideways() {
      check(
          noClasses()
              .that()
              .resideInAPackage("dev.mlops.core..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(
                  "dev.mlops.validation..", "dev.mlops.monitoring..", "dev.mlops.testkit.."));
    }

    @Test
    @DisplayName("mlops-validation never sees core, monitoring or the test kit")
    void validationIsUsableAlone() {
      check(
          noClasses()
              .that()
              .resideInAPackage("dev.mlops.validation..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(
                  "dev.mlops.core..",
                  "dev.mlops.io..",
                  "dev.mlops.monitoring..",
                  "dev.mlops.testkit.."));
    }

    @Test
    @DisplayName("mlops-monitoring sees api and validation only")
    void monitoringSeesApiAndValidation() {
      check(
          noClasses()
              .that()
              .resideInAPackage("dev.mlops.monitoring..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage("dev.mlops.core..", "dev.mlops.io..", "dev.mlops.testkit.."));
    }

    @Test
    @DisplayName("mlops-reports sees api, io, validation and monitoring only among our modules")
    void reportsSeesApiIoValidationMonitoring() {
      check(
          noClasses()
              .that()
              .resideInAPackage("dev.mlops.reports..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage("dev.mlops.core..", "dev.mlops.testkit..", "dev.mlops.junit.."));
    }

    @Test
    @DisplayName("nothing but the leaves depends on mlops-reports")
    void onlyLeavesSeeReports() {
      check(
          noClasses()
              .that()
              .resideInAnyPackage(
                  "dev.mlops.api..",
                  "dev.mlops.spi..",
                  "dev.mlops.io..",
                  "dev.mlops.core..",
                  "dev.mlops.validation..",
                  "dev.mlops.monitoring..",
                  "dev.mlops.testkit..",
                  "dev.mlops.junit..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.mlops.reports.."));
    }

    @Test
    @DisplayName("mlops-testkit depends on api, JUnit 5 and AssertJ only")
    void testkitDependsOnApiJunitAssertj() {
      check(
          classes()
              .that()
              .resideInAPackage("dev.mlops.testkit..")
              .should()
              .onlyDependOnClassesThat()
              .resideInAnyPackage(
                  concat(
                      JDK,
                      ANNOTATIONS,
                      new String[] {
                        "dev.mlops.api..",
                        "dev.mlops.spi..",
                        "dev.mlops.testkit..",
                        "org.junit..",
                        "org.opentest4j..",
                        "org.assertj.."
                      })));
    }

    @Test
    @DisplayName("mlops-junit sees api, core and validation only")
    void junitSeesApiCoreValidation() {
      check(
          noClasses()
              .that()
              .resideInAPackage("dev.mlops.junit..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage("dev.mlops.monitoring..", "dev.mlops.testkit.."));
    }

    @Test
    @DisplayName("no other library module depends on mlops-junit")
    void nothingDependsOnJunit() {
      check(
          noClasses()
              .that()
              .resideInAnyPackage(LIBRARY)
              .and()
              .resideOutsideOfPackage("dev.mlops.junit..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.mlops.junit.."));
    }

    @Test
    @DisplayName("no library module depends on the command line (mlops-cli is a leaf)")
    void cliIsALeaf() {
      check(
          noClasses()
              .that()
              .resideInAnyPackage(LIBRARY)
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.mlops.cli.."));
    }

    @Test
    @DisplayName("no module's packages form a dependency cycle")
    void noCycles() {
      // dev.mlops.api and dev.mlops.spi are one module (mlops-api): the SPI names api values, and
      // api.pipeline's typed outputs carry an SPI Codec, so edges between the two are inside it.
      check(
          slices()
              .matching("dev.mlops.(*)..")
              .should()
              .beFreeOfCycles()
              .ignoreDependency(
                  JavaClass.Predicates.resideInAPackage("dev.mlops.api.."),
                  JavaClass.Predicates.resideInAPackage("dev.mlops.spi..")));
    }

    @Test
    @DisplayName("internal packages are used only inside their own module")
    void internalStaysInside() {
      check(
          noClasses()
              .that()
              .resideOutsideOfPackage("dev.mlops.core..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.mlops.core.internal.."));
      check(
          noClasses()
              .that()
              .resideOutsideOfPackage("dev.mlops.reports..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.mlops.reports.internal.."));
    }
  }

  @Nested
  @DisplayName("house rules")
  class HouseRules {
    @Test
    @DisplayName("every public top-level type of api and spi carries @API")
    void apiTypesAreAnnotated() {
      check(
          classes()
              .that()
              .resideInAnyPackage("dev.mlops.api..", "dev.mlops.spi..")
              .and()
              .arePublic()
              .and()
              .areTopLevelClasses()
              .and()
              .doNotHaveSimpleName("package-info")
              .should()
              .beAnnotatedWith(API.class));
    }

    @Test
    @DisplayName("library code never prints to standard output or error")
    void noStandardStreams() {
      check(
          NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
              .allowEmptyShould(true)
              .because("the library logs through SLF4J; only the CLI and samples print"));
    }

    @Test
    @DisplayName("library code never throws generic exceptions")
    void noGenericExceptions() {
      check(NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS);
    }

    @Test
    @DisplayName("library code never logs through java.util.logging")
    void noJul() {
      check(NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
    }

    @Test
    @DisplayName("no method is synchronized (lock on private lock objects)")
    void noSynchronizedMethods() {
      check(
          methods()
              .that()
              .areDeclaredInClassesThat()
              .resideInAnyPackage(LIBRARY)
              .should()
              .notHaveModifier(JavaModifier.SYNCHRONIZED));
    }
  }
}
