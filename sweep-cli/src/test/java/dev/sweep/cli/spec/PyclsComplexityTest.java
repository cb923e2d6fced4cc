package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sweep.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java port of pycls's analytic complexity gives the published figures of pycls's model zoo
 * (RegNet paper, Table 4 and appendix): FLOPs, parameters and activations at 224x224, 1000 classes.
 */
class PyclsComplexityTest {
  /** pycls's configs/dds_baselines/regnet{x,y}/RegNet{X,Y}-200MF_dds_8gpu.yaml. */
  private static Config regnet200mf(boolean se) {
    return Config.of(
        Map.of(
            "MODEL", Map.of("TYPE", "regnet", "NUM_CLASSES", 1000),
            "REGNET",
                Map.of("SE_ON", se, "DEPTH", 13, "W0", 24, "WA", 36.44, "WM", 2.49, "GROUP_W", 8),
            "TRAIN", Map.of("IM_SIZE", 224)));
  }

  @Test
  void regnetX200mf_isAbout0point2GFlops_2point7MParams_2point2MActs() {
    Map<String, Object> cx = PyclsComplexity.of(regnet200mf(false));
    assertThat(((Number) cx.get("flops")).doubleValue()).isBetween(0.195e9, 0.205e9);
    assertThat(((Number) cx.get("params")).doubleValue()).isBetween(2.65e6, 2.75e6);
    assertThat(((Number) cx.get("acts")).doubleValue()).isBetween(2.15e6, 2.25e6);
  }

  @Test
  void regnetY200mf_isAbout0point2GFlops_3point2MParams_2point2MActs() {
    Map<String, Object> cx = PyclsComplexity.of(regnet200mf(true));
    assertThat(((Number) cx.get("flops")).doubleValue()).isBetween(0.195e9, 0.205e9);
    assertThat(((Number) cx.get("params")).doubleValue()).isBetween(3.15e6, 3.25e6);
    assertThat(((Number) cx.get("acts")).doubleValue()).isBetween(2.15e6, 2.25e6);
  }

  @Test
  void anOtherModelType_isNamed() {
    assertThatThrownBy(
            () -> PyclsComplexity.of(Config.of(Map.of("MODEL", Map.of("TYPE", "resnet")))))
        .hasMessage("MODEL.TYPE 'resnet' has no built-in complexity (only [regnet, anynet])");
  }
}
