package dev.sweep.space;

import static dev.sweep.space.Stats.drawObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How list domains draw lists and which grid points they offer. */
class ListDomainTest {

  @Test
  void fixedLength_everyListHasThatManyItemsFromTheItemDomain() {
    Object[] lists = drawObjects(Lists.of(Ints.multipleOf(8, 16, 256), 4), 42, 500);

    assertThat(lists)
        .allSatisfy(
            list ->
                assertThat(items(list))
                    .hasSize(4)
                    .allSatisfy(
                        w ->
                            assertThat((Long) w)
                                .isBetween(16L, 256L)
                                .satisfies(x -> assertThat(x % 8).isZero())));
  }

  @Test
  void sampledLength_takesEveryLengthInItsDomain() {
    Object[] lists = drawObjects(Lists.of(Choices.of(3, 5), Ints.range(1, 3)), 42, 500);

    Set<Integer> lengths =
        Stream.of(lists).map(l -> ((List<?>) l).size()).collect(Collectors.toSet());
    assertThat(lengths).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(lists).allSatisfy(list -> assertThat(items(list)).isSubsetOf(3L, 5L));
  }

  @Test
  void items_areDrawnIndependently() {
    Object[] lists = drawObjects(Lists.of(Choices.of(3, 5), 2), 42, 1_000);

    assertThat(Stream.of(lists).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            List.of(3L, 3L), List.of(3L, 5L), List.of(5L, 3L), List.of(5L, 5L));
  }

  @Test
  void lengthZero_drawsEmptyLists() {
    assertThat(drawObjects(Lists.of(Floats.uniform(0, 1), 0), 42, 10)).containsOnly(List.of());
  }

  @Test
  void sampledLists_areUnmodifiable() {
    @SuppressWarnings("unchecked")
    List<Object> list =
        (List<Object>) Lists.of(Choices.of(1, 2), 3).sample(new SplittableRandom(1));

    assertThatThrownBy(() -> list.add(3L)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void gridValues_everyListOfEveryLength_shortestFirst() {
    assertThat(Lists.of(Choices.of(3, 5), Ints.range(1, 2)).gridValues())
        .contains(
            List.of(
                List.of(3L),
                List.of(5L),
                List.of(3L, 3L),
                List.of(3L, 5L),
                List.of(5L, 3L),
                List.of(5L, 5L)));
  }

  @Test
  void gridValues_countIsTheItemCountToThePowerOfTheLength() {
    assertThat(Lists.of(Ints.powerOfTwo(16, 128), 3).gridValues())
        .hasValueSatisfying(lists -> assertThat(lists).hasSize(64).doesNotHaveDuplicates());
  }

  @Test
  void gridValues_continuousItemsOrTooManyLists_haveNoGrid() {
    assertThat(Lists.of(Floats.uniform(0, 1), 2).gridValues()).isEmpty();
    assertThat(Lists.of(Ints.range(0, 99), 4).gridValues()).as("10^8 lists").isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> items(Object list) {
    return (List<Object>) list;
  }

  @Test
  void describe_namesItemAndLength() {
    assertThat(Lists.of(Choices.of(3, 5), Ints.range(1, 3)).describe())
        .isEqualTo("list(choice[3, 5], length intRange[1, 3])");
  }
}
