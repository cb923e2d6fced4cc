package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.cli.spec.Node.Location;
import dev.sweep.cli.spec.Node.Scalar;
import org.junit.jupiter.api.Test;

class MappingBuilderTest {
  private static final Location AT = new Location(3, 5);

  @Test
  void aKeyPutAgain_keepsItsPlaceAndTakesTheNewValue() {
    Node.Mapping m =
        new MappingBuilder(AT)
            .put("sampler", new Scalar("tpe", AT))
            .put("trials", new Scalar(40L, AT))
            .put("sampler", new Scalar("gp", AT))
            .build();
    assertThat(m.plain()).hasToString("{sampler=gp, trials=40}");
  }

  @Test
  void aMissingValue_isRefusedOnArrival_namingItsKey() {
    MappingBuilder b = new MappingBuilder(AT);
    assertThatThrownBy(() -> b.put("trials", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value == null for key 'trials'");
    assertThatThrownBy(() -> b.put("trials", null, new Scalar(1L, AT)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyAt == null for key 'trials'");
  }
}
