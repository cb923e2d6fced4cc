package dev.sweep.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each option is checked where it arrives, with a message that names it. */
class ProcessRunnerBuilderTest {
  private static ProcessRunner.Builder builder() {
    return ProcessRunner.builder().step("train", "python3 train.py");
  }

  @Test
  void build_withoutSteps_isRefused() {
    assertThatThrownBy(() -> ProcessRunner.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the runner has no steps; add one with .step(name, command)");
  }

  @Test
  void stepNames_nameFiles_soTheyAreCheckedAndUniqueRegardlessOfCase() {
    assertThatThrownBy(() -> builder().step("../x", "true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "step name '../x' is not allowed; it names the step's log files, so use letters, digits, _ and - "
                + "(at most 64, starting with a letter or digit)");
    assertThatThrownBy(() -> builder().step("Train", "true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "step 'Train' clashes with step 'train': step names name log files, so they must differ in more than case");
  }

  @Test
  void environment_isCheckedWhereItArrives() {
    assertThatThrownBy(() -> builder().env("SWEEP_CONFIG", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable SWEEP_CONFIG is set by the runner; names that start with SWEEP_ are reserved");
    assertThatThrownBy(() -> builder().env("1X", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'1X' is not an environment variable name; use letters, digits and _, not starting with a digit");
    assertThatThrownBy(() -> builder().env("X", "a").env("X", "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("environment variable X was already set to 'a'");
    assertThatThrownBy(() -> builder().env("X", "{_nme}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "template '{_nme}': unknown reserved placeholder {_nme}; the reserved ones are "
                + "{_output}, {_name}, {_id}, {_config}, {_config_json}, {_metrics}, {_slot}");
  }

  @Test
  void slots_conflictsAreRefusedAtBuild() {
    assertThatThrownBy(() -> ProcessRunner.builder().step("train", "prog --gpu {_slot}").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "step 'train' uses {_slot}, but the runner has no slots; set them with .slots(...)");
    assertThatThrownBy(() -> builder().env("GPU", "{_slot}").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "environment variable GPU uses {_slot}, but the runner has no slots; set them with .slots(...)");
    assertThatThrownBy(() -> builder().slots(List.of("0")).env("CUDA_VISIBLE_DEVICES", "1").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "environment variable CUDA_VISIBLE_DEVICES is set by .env(…) and is also the slot variable; "
                + "drop one, or give the slots another variable with .slotVariable(…)");
    assertThat(
            builder()
                .slots(List.of("0"))
                .slotVariable("HIP_VISIBLE_DEVICES")
                .env("CUDA_VISIBLE_DEVICES", "")
                .build())
        .hasToString(
            "ProcessRunner[train: python3 train.py; slots [0] in HIP_VISIBLE_DEVICES; grace 10 s]");
  }

  @Test
  void options_areCheckedAndSetOnce() {
    assertThatThrownBy(() -> builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, got PT0S");
    assertThatThrownBy(() -> builder().grace(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grace must not be negative, got PT-1S");
    assertThatThrownBy(() -> builder().timeout(Duration.ofHours(1)).timeout(Duration.ofHours(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timeout was already set to PT1H");
    assertThatThrownBy(() -> builder().slots(List.of("0")).slots(List.of("1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slots were already set to [0]");
    assertThatThrownBy(() -> builder().step("x", (String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("commandLine == null");
    assertThatThrownBy(() -> builder().slots(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("slots == null");
  }

  @Test
  void toBuilder_makesAVariant_andLeavesTheOriginalAlone() {
    ProcessRunner original =
        builder()
            .step("test", CommandTemplate.shell("python3 test.py | tee {_output}/test.log"))
            .slots(List.of("0", "1"))
            .timeout(Duration.ofMinutes(90))
            .env("OMP_NUM_THREADS", "4")
            .parse("error", Pattern.compile("error: (\\S+)"))
            .build();
    ProcessRunner variant = original.toBuilder().grace(Duration.ofSeconds(30)).build();

    assertThat(original)
        .hasToString(
            "ProcessRunner[train: python3 train.py; test: python3 test.py | tee {_output}/test.log; "
                + "slots [0, 1] in CUDA_VISIBLE_DEVICES; timeout 1 h 30 min; grace 10 s]");
    assertThat(variant)
        .hasToString(
            "ProcessRunner[train: python3 train.py; test: python3 test.py | tee {_output}/test.log; "
                + "slots [0, 1] in CUDA_VISIBLE_DEVICES; timeout 1 h 30 min; grace 30 s]");
    assertThat(variant.settings.env()).isEqualTo(original.settings.env());
    assertThat(variant.settings.parsers()).isEqualTo(original.settings.parsers());
  }

  @Test
  void toBuilder_keepsEverySetting_theMetricsRuleAndTheValueFormatToo() {
    ProcessRunner original =
        builder().requireMetrics(false).valueFormat(ValueFormat.PYTHON).build();
    ProcessRunner variant = original.toBuilder().grace(Duration.ofSeconds(30)).build();
    assertThat(variant.settings.metricsRequired()).isFalse();
    assertThat(variant.settings.valueFormat()).isEqualTo(ValueFormat.PYTHON);
  }

  @Test
  void of_isOneStepNamedRun() {
    assertThat(ProcessRunner.of("prog {x}"))
        .hasToString("ProcessRunner[run: prog {x}; grace 10 s]");
  }

  @Test
  void durations_readForPeople() {
    assertThat(ProcessRunner.human(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(ProcessRunner.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(ProcessRunner.human(Duration.ofSeconds(10))).isEqualTo("10 s");
    assertThat(ProcessRunner.human(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
    assertThat(ProcessRunner.human(Duration.ofMinutes(190))).isEqualTo("3 h 10 min");
  }
}
