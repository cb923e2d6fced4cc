package dev.sweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreTwoSpacesApart_theRightAlignedOnesPaddedOnTheLeft() {
    Table table = new Table(List.of("id", "name"), 0);
    table.add(List.of("7", "a"));
    table.add(List.of("12", "bb"));
    assertThat(table.render("  ")).isEqualTo("  id  name\n   7  a\n  12  bb\n");
  }

  @Test
  void aRowOrAnAlignmentThatDoesNotFitTheColumns_isRefusedWhereItArrives() {
    Table table = new Table(List.of("id", "name"));
    assertThatThrownBy(() -> table.add(List.of("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 cells in a table of 2 columns: [1]");
    assertThatThrownBy(() -> new Table(List.of("id"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("right-aligned column 1 of a table of 1 columns");
  }
}
