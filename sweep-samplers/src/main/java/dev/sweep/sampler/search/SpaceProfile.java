package dev.sweep.sampler.search;

import dev.sweep.space.Domain;
import dev.sweep.space.FloatDomain;
import dev.sweep.space.IntDomain;
import dev.sweep.space.ListDomain;
import dev.sweep.space.Space;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link AutoRule} sees of a space: how many parameters of each kind it has, counted over
 * every branch, and how many branch choices and sets of coupled values.
 *
 * @param floats float parameters
 * @param ints integer parameters
 * @param choices choice parameters
 * @param lists list parameters (their length varies; no sampler models them)
 * @param branches branch choices ({@code Space.OneOf})
 * @param coupled sets of coupled values
 */
record SpaceProfile(int floats, int ints, int choices, int lists, int branches, int coupled) {

  /** The profile of {@code space}, the parameters inside its branches included. */
  static SpaceProfile of(Space space) {
    Counts counts = new Counts();
    counts.add(space);
    return new SpaceProfile(
        counts.floats, counts.ints, counts.choices, counts.lists, counts.branches, counts.coupled);
  }

  /** The counts so far of a walk over a space and its branches. */
  private static final class Counts {
    int floats;
    int ints;
    int choices;
    int lists;
    int branches;
    int coupled;

    void add(Space space) {
      for (Space.Node node : space.nodes()) {
        if (node instanceof Space.Param p) {
          Domain d = p.domain();
          if (d instanceof FloatDomain) {
            floats++;
          } else if (d instanceof IntDomain) {
            ints++;
          } else if (d instanceof ListDomain) {
            lists++;
          } else {
            choices++;
          }
        } else if (node instanceof Space.OneOf o) {
          branches++;
          o.spaces().forEach(this::add);
        } else {
          coupled++; // Space.CoupledValues
        }
      }
    }
  }

  /** Float and integer parameters. */
  int numeric() {
    return floats + ints;
  }

  /** Every coordinate: parameters, branch choices and sets of coupled values. */
  int dimensions() {
    return floats + ints + choices + lists + branches + coupled;
  }

  /** Whether every parameter is a float or an integer, outside any branch. */
  boolean onlyNumeric() {
    return numeric() == dimensions();
  }

  /** For the reason logged: {@code "10 floats, 2 integers, no choices or branches"}. */
  String describe() {
    List<String> parts = new ArrayList<>();
    add(parts, floats, "float", "floats");
    add(parts, ints, "integer", "integers");
    add(parts, choices, "choice", "choices");
    add(parts, lists, "list", "lists");
    if (parts.isEmpty() && branches + coupled == 0) {
      return "no parameters";
    }
    add(parts, branches, "branch choice", "branch choices");
    add(parts, coupled, "set of coupled values", "sets of coupled values");
    if (branches + coupled == 0) {
      parts.add(choices + lists == 0 ? "no choices or branches" : "no branches");
    }
    return String.join(", ", parts);
  }

  private static void add(List<String> parts, int n, String one, String several) {
    if (n > 0) {
      parts.add(n + " " + (n == 1 ? one : several));
    }
  }
}
