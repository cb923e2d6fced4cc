package dev.sweep.space;

import java.util.ArrayList;
import java.util.List;

/**
 * Alternative sub-spaces of which each config takes exactly one (a conditional space): only the
 * chosen branch's parameters exist in the config, next to a key that names the branch.
 *
 * <pre>{@code
 * Space resnet = Space.builder().add("depth", Ints.range(18, 50)).build();
 * Space vit = Space.builder().add("patch", Choices.of(8, 16)).add("heads", Ints.powerOfTwo(4, 16)).build();
 * Space space = Space.builder().add("model", Branches.of("resnet", resnet, "vit", vit)).build();
 * // configs: {model: {type: resnet, depth: 34}} or {model: {type: vit, patch: 16, heads: 8}}
 * }</pre>
 */
public final class Branches {
  final List<String> names;
  final List<Space> spaces;
  final String key;
  final double[] weights;

  private Branches(List<String> names, List<Space> spaces, String key, double[] weights) {
    this.names = List.copyOf(names);
    this.spaces = List.copyOf(spaces);
    this.key = key;
    this.weights = weights;
  }

  /** Branches from alternating names and spaces: {@code of("a", spaceA, "b", spaceB, …)}. */
  public static Branches of(Object... namesAndSpaces) {
    if (namesAndSpaces.length == 0 || namesAndSpaces.length % 2 != 0) {
      throw new IllegalArgumentException(
          "Branches.of needs name, space pairs, got " + namesAndSpaces.length + " arguments");
    }
    List<String> names = new ArrayList<>();
    List<Space> spaces = new ArrayList<>();
    for (int i = 0; i < namesAndSpaces.length; i += 2) {
      if (!(namesAndSpaces[i] instanceof String name)
          || !(namesAndSpaces[i + 1] instanceof Space space)) {
        throw new IllegalArgumentException(
            "Branches.of needs name, space pairs; argument "
                + i
                + " is "
                + namesAndSpaces[i]
                + " and argument "
                + (i + 1)
                + " is "
                + namesAndSpaces[i + 1]);
      }
      names.add(name);
      spaces.add(space);
    }
    return new Branches(names, spaces, "type", null);
  }

  /** The key under the branch's path that names the chosen branch; default {@code type}. */
  public Branches key(String key) {
    return new Branches(names, spaces, key, weights);
  }

  /** Random sampling picks branches with these relative weights (default: equally). */
  public Branches weighted(double... weights) {
    return new Branches(names, spaces, key, weights.clone());
  }
}
