package dev.sweep.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sweep.config.Config;
import java.util.List;
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

  /** pycls's configs/archive/imagenet/resnet/R-{50,101,152}-1x64d_step_8gpu.yaml. */
  private static Map<String, Object> resnet(long depth) {
    return resnet(depth, false);
  }

  private static Map<String, Object> resnet(long depth, boolean stride1x1) {
    return PyclsComplexity.of(
        Config.of(
            Map.of(
                "MODEL", Map.of("TYPE", "resnet", "DEPTH", depth, "NUM_CLASSES", 1000),
                "RESNET", Map.of("TRANS_FUN", "bottleneck_transform", "STRIDE_1X1", stride1x1),
                "TRAIN", Map.of("DATASET", "imagenet", "IM_SIZE", 224))));
  }

  /** pycls's MODEL_ZOO.md: ResNet-50 4.1 GFLOPs, 25.6M params, 11.3M acts; 101 and 152 too. */
  @Test
  void resnet50_101_152_haveTheModelZoosFigures() {
    double[][] zoo = {
      {50, 4.1e9, 25.6e6, 11.3e6}, {101, 7.8e9, 44.5e6, 16.4e6}, {152, 11.5e9, 60.2e6, 22.8e6}
    };
    for (double[] z : zoo) {
      Map<String, Object> cx = resnet((long) z[0]);
      assertThat(((Number) cx.get("flops")).doubleValue())
          .as("flops")
          .isCloseTo(z[1], within(0.05e9));
      assertThat(((Number) cx.get("params")).doubleValue())
          .as("params")
          .isCloseTo(z[2], within(0.05e6));
      assertThat(((Number) cx.get("acts")).doubleValue())
          .as("acts")
          .isCloseTo(z[3], within(0.05e6));
    }
  }

  /** MSRA's ResNet-50 (pycls's default STRIDE_1X1) strides its 1x1 convolutions: fewer FLOPs. */
  @Test
  void resnet50_strideOn1x1_hasTheMsraFlops() {
    Map<String, Object> cx = resnet(50, true);
    assertThat(((Number) cx.get("flops")).doubleValue()).isCloseTo(3.86e9, within(0.01e9));
    assertThat(cx.get("params")).isEqualTo(resnet(50).get("params"));
  }

  /** The model zoo's ResNet-50 row is an AnyNet (dds_baselines/resnet/R-50-1x64d_dds_8gpu.yaml). */
  @Test
  void resnet50AsAnyNet_isTheSameNetwork() {
    Map<String, Object> cx =
        PyclsComplexity.of(
            Config.of(
                Map.of(
                    "MODEL", Map.of("TYPE", "anynet", "NUM_CLASSES", 1000),
                    "ANYNET",
                        Map.of(
                            "STEM_TYPE", "res_stem_in",
                            "STEM_W", 64,
                            "BLOCK_TYPE", "res_bottleneck_block",
                            "STRIDES", List.of(1, 2, 2, 2),
                            "DEPTHS", List.of(3, 4, 6, 3),
                            "WIDTHS", List.of(256, 512, 1024, 2048),
                            "BOT_MULS", List.of(0.25, 0.25, 0.25, 0.25),
                            "GROUP_WS", List.of(64, 128, 256, 512)),
                    "TRAIN", Map.of("IM_SIZE", 224))));
    assertThat(cx).isEqualTo(resnet(50));
  }

  /** The R-56 of pycls's CIFAR baselines (configs/archive/cifar/resnet/R-56_nds_1gpu.yaml). */
  @Test
  void resnet56OnCifar_isThe125MFlopsOfCifarRegnetsTarget() {
    Map<String, Object> cx =
        PyclsComplexity.of(
            Config.of(
                Map.of(
                    "MODEL", Map.of("TYPE", "resnet", "DEPTH", 56, "NUM_CLASSES", 10),
                    "RESNET", Map.of("TRANS_FUN", "basic_transform"),
                    "TRAIN", Map.of("DATASET", "cifar10", "IM_SIZE", 32))));
    assertThat(((Number) cx.get("flops")).doubleValue()).isBetween(0.12e9, 0.13e9);
    assertThat(((Number) cx.get("params")).doubleValue()).isBetween(0.8e6, 0.9e6);
  }

  @Test
  void anImagenetResnet_ofAnotherDepth_isNamed() {
    assertThatThrownBy(() -> resnet(34))
        .hasMessage("an ImageNet ResNet has MODEL.DEPTH 50, 101 or 152, not 34");
  }

  @Test
  void anOtherModelType_isNamed() {
    assertThatThrownBy(() -> PyclsComplexity.of(Config.of(Map.of("MODEL", Map.of("TYPE", "vit")))))
        .hasMessage("MODEL.TYPE 'vit' has no built-in complexity (only [regnet, anynet, resnet])");
  }
}
