package dev.sweep.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that let a host program embed Sweep's libraries (sweep-core, sweep-process,
 * sweep-samplers, sweep-slurm, sweep-report, sweep-junit), and that keep their layering as
 * docs/ARCHITECTURE.md draws it, checked on their compiled classes: the bytecode, so that no call
 * or field hides from the check. The command line ({@code dev.sweep.cli}) is an application and may
 * exit, print and bind a logger; it is left out.
 */
class LibraryArchitectureTest {
  private static JavaClasses library;

  @BeforeAll
  static void importLibraries() {
    ImportOption mainClassesOnly = location -> !location.contains("/test-classes/");
    library =
        new ClassFileImporter()
            .withImportOption(mainClassesOnly)
            .importPackages("dev.sweep")
            .that(
                describe(
                    "in a library",
                    (JavaClass c) ->
                        !c.getPackageName().startsWith("dev.sweep.cli")
                            // the tests' own support (sweep-testing), never installed
                            && !c.getPackageName().startsWith("dev.sweep.testing")));
  }

  @Test
  void everyLibraryIsImported() {
    Set<String> packages =
        library.stream()
            .map(JavaClass::getPackageName)
            .collect(java.util.stream.Collectors.toSet());
    assertThat(packages)
        .contains(
            "dev.sweep",
            "dev.sweep.trial",
            "dev.sweep.space",
            "dev.sweep.store",
            "dev.sweep.population",
            "dev.sweep.process",
            "dev.sweep.report",
            "dev.sweep.junit",
            "dev.sweep.slurm");
    assertThat(packages).anyMatch(p -> p.startsWith("dev.sweep.sampler"));
  }

  @Test
  void noLibraryEndsTheJvm() {
    noClasses()
        .should()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .because("the host decides when its JVM ends")
        .check(library);
  }

  @Test
  void noLibraryPrintsToTheConsole() {
    noClasses()
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .because("libraries log through slf4j; the console is the host's")
        .check(library);
  }

  @Test
  void loggingIsSlf4jOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.util.logging..",
            "org.apache.log4j..",
            "org.apache.logging.log4j..",
            "ch.qos.logback..",
            "org.slf4j.simple..",
            "org.slf4j.impl..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.System$Logger")
        .because("the host binds slf4j to its own logging")
        .check(library);
  }

  @Test
  void staticFieldsAreConstants() {
    fields()
        .that()
        .areStatic()
        .should()
        .beFinal()
        .because("two sweeps in one JVM must share nothing")
        .check(library);
    List<Class<?>> mutable =
        List.of(
            java.util.ArrayList.class,
            java.util.HashMap.class,
            java.util.HashSet.class,
            java.util.LinkedHashMap.class,
            java.util.TreeMap.class,
            java.util.ArrayDeque.class,
            java.util.concurrent.ConcurrentHashMap.class,
            java.util.concurrent.atomic.AtomicInteger.class,
            java.util.concurrent.atomic.AtomicLong.class,
            java.util.concurrent.atomic.AtomicBoolean.class,
            java.util.concurrent.atomic.AtomicReference.class,
            java.util.Random.class,
            java.util.SplittableRandom.class);
    noFields()
        .that()
        .areStatic()
        .should(
            com.tngtech.archunit.lang.conditions.ArchConditions.have(
                describe(
                    "a mutable type",
                    (JavaField f) -> mutable.stream().anyMatch(f.getRawType()::isAssignableTo))))
        .because("a static final collection, counter or random generator is still shared state")
        .check(library);
  }

  @Test
  void noPublicStaticStateThatCanBeReconfigured() {
    noFields()
        .that()
        .areStatic()
        .and()
        .arePublic()
        .should()
        .haveRawType(com.fasterxml.jackson.databind.ObjectMapper.class)
        .orShould()
        .haveRawType(com.fasterxml.jackson.core.JsonFactory.class)
        .because(
            "a public mapper is state any caller can reconfigure for every sweep in the JVM; hand out readers and writers")
        .check(library);
  }

  @Test
  void junitStaysInItsOwnPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.sweep.junit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.junit..", "org.opentest4j..")
        .because(
            "JUnit is sweep-junit's dependency alone: a library user who writes no sweep as a test does not get it")
        .check(library);
  }

  @Test
  void theModelDoesNotReachIntoTheMachinery() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.sweep.space..", "dev.sweep.config..", "dev.sweep.population..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sweep.process..",
            "dev.sweep.store..",
            "dev.sweep.slurm..",
            "dev.sweep.samplers..",
            "dev.sweep.junit..",
            "dev.sweep.report..")
        .because(
            "spaces, configs and populations are values; running and storing them is built on top")
        .check(library);
    noClasses()
        .that()
        .resideInAnyPackage("dev.sweep..")
        .and()
        .resideOutsideOfPackages("dev.sweep.slurm..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.sweep.slurm..")
        .because("the SLURM backend is a plug-in Runner; nothing else knows it")
        .check(library);
  }

  @Test
  void searchAndStoppingSpeakTheTrialVocabularyNotTheAnalytics() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.sweep.sampler..",
            "dev.sweep.samplers..",
            "dev.sweep.stopping..",
            "dev.sweep.trial..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.sweep.population..", "dev.sweep.report..")
        .because(
            "samplers and stopping rules see trials (dev.sweep.trial), not the population's statistics")
        .check(library);
    noClasses()
        .that()
        .resideInAnyPackage("dev.sweep.trial..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sweep",
            "dev.sweep.store..",
            "dev.sweep.sampler..",
            "dev.sweep.stopping..",
            "dev.sweep.process..")
        .because("the vocabulary is what everything else is built on")
        .check(library);
  }

  @Test
  void coreKnowsNoBackendReportOrTestFramework() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.sweep",
            "dev.sweep.trial..",
            "dev.sweep.space..",
            "dev.sweep.config..",
            "dev.sweep.sampler",
            "dev.sweep.stopping",
            "dev.sweep.store..",
            "dev.sweep.population..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.sweep.process..",
            "dev.sweep.slurm..",
            "dev.sweep.report..",
            "dev.sweep.junit..",
            "dev.sweep.sampler.search..",
            "dev.sweep.stopping.rules..",
            "dev.sweep.samplers..",
            "dev.sweep.cli..")
        .because(
            "sweep-core is the bottom of the layering; backends, search, the report and JUnit are built on it")
        .check(library);
  }

  @Test
  void aRunKnowsNothingOfTheSweepItRuns() {
    noClasses()
        .that()
        .haveNameMatching("dev\\.sweep\\.RunningSweep(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .haveNameMatching("dev\\.sweep\\.Sweep(\\$.*)?")
        .because(
            "a Sweep is the description, run any number of times; each RunningSweep is one run of it")
        .check(library);
  }

  @Test
  void threadsAreStartedOnlyWhereTheirEndIsKnown() {
    // Every thread a library starts ends with its work: a run's driver and workers (joined by
    // SweepRun.execute() and RunningSweep.close()), a trial's shutdown hook (never started unless
    // the JVM ends),
    // and the SLURM tracker's submitter and poller (they return once nothing is queued or tracked).
    classes()
        .that()
        .areAssignableTo(Thread.class)
        .should()
        .haveFullyQualifiedName(Thread.class.getName())
        .because("a library does not subclass Thread")
        .allowEmptyShould(true)
        .check(library);
    Set<String> starters =
        library.stream()
            .filter(
                c ->
                    c.getMethodCallsFromSelf().stream()
                        .anyMatch(
                            call ->
                                call.getTargetOwner().isEquivalentTo(Thread.class)
                                    && call.getName().equals("start")))
            .map(JavaClass::getName)
            .collect(java.util.stream.Collectors.toSet());
    assertThat(starters)
        .containsExactlyInAnyOrder(
            "dev.sweep.SweepRun", "dev.sweep.RunningSweep", "dev.sweep.slurm.JobTracker");
  }
}
