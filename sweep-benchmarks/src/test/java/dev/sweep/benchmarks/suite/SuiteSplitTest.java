package dev.sweep.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SuiteSplitTest {
  @Test
  void atLeastFortyProblemsWithUniqueNames() {
    List<SuiteProblem> all = Suite.all();
    assertTrue(all.size() >= 40, "only " + all.size());
    assertEquals(all.size(), all.stream().map(SuiteProblem::name).distinct().count());
    assertEquals(72, all.stream().filter(p -> p.name().startsWith("bbob-")).count());
  }

  @Test
  void theHalvesAreDisjointAndCoverTheSuite() {
    Set<String> tuning = names(Suite.tuning());
    Set<String> report = names(Suite.report());
    Set<String> both = new HashSet<>(tuning);
    both.retainAll(report);
    assertTrue(both.isEmpty(), both.toString());
    Set<String> union = new HashSet<>(tuning);
    union.addAll(report);
    assertEquals(names(Suite.all()), union);
  }

  @Test
  void everyFamilyIsInBothHalves() {
    Set<String> families = new TreeSet<>();
    Suite.all().forEach(p -> families.add(p.family()));
    assertEquals(10, families.size(), families.toString());
    for (String f : families) {
      assertTrue(Suite.tuning().stream().anyMatch(p -> p.family().equals(f)), "tuning lacks " + f);
      assertTrue(Suite.report().stream().anyMatch(p -> p.family().equals(f)), "report lacks " + f);
    }
  }

  @Test
  void theSeedsOfTheHalvesDiffer() {
    Set<Long> seeds = new HashSet<>(Suite.TUNING_SEEDS);
    seeds.retainAll(Suite.REPORT_SEEDS);
    assertTrue(seeds.isEmpty());
    assertEquals(20, Suite.TUNING_SEEDS.size());
    assertEquals(20, Suite.REPORT_SEEDS.size());
  }

  @Test
  void eachProblemAttainsItsOptimumAtItsOptimumPoint() {
    for (SuiteProblem p : Suite.all()) {
      double regret = p.regret(p.config(p.optimumParams()));
      assertTrue(Math.abs(regret) <= 1e-9, p.name() + ": regret " + regret + " at the optimum");
      if (p.optimumRegion().isPresent()) {
        assertTrue(p.inOptimumRegion(p.config(p.optimumParams())), p.name());
      }
    }
  }

  @Test
  void continuousProblemsHaveOnlyFloats() {
    for (SuiteProblem p : Suite.all()) {
      if (p.continuous()) {
        assertTrue(p.name().startsWith("bbob-") || p.family().equals("noisy"), p.name());
      }
    }
  }

  private static Set<String> names(List<SuiteProblem> problems) {
    Set<String> s = new HashSet<>();
    problems.forEach(p -> s.add(p.name()));
    return s;
  }
}
