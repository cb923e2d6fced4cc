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
    int[] counts = new int[6];
    count(space, counts);
    return new SpaceProfile(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
  }

  private static void count(Space space, int[] counts) {
    for (Space.Node node : space.nodes()) {
      if (node instanceof Space.Param p) {
        Domain d = p.domain();
        counts[
            d instanceof FloatDomain
                ? 0
                : d instanceof IntDomain ? 1 : d instanceof ListDomain ? 3 : 2]++;
      } else if (node instanceof Space.OneOf o) {
        counts[4]++;
        for (Space branch : o.spaces()) {
          count(branch, counts);
        }
      } else {
        counts[5]++; // coupled values
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
    if (parts.isEmpty()) {
      parts.add("no parameters");
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
