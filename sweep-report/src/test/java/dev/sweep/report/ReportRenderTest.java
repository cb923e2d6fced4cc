package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The page as a person sees it: rendered by a real browser, headless Chromium (Debian's {@code
 * chromium}; {@code scripts/install-debian-packages.sh chromium} installs it, and CI runs that).
 * Without Chromium the test is skipped, except under CI, where that is a failure.
 */
class ReportRenderTest {
  static Path chromium() {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator, -1)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI needs chromium on the PATH to render the report: scripts/install-debian-packages.sh chromium");
    }
    return null;
  }

  @Test
  void headlessChromium_drawsThePage() throws Exception {
    Path browser = chromium();
    assumeTrue(browser != null, "chromium is not installed");
    Path dir = Path.of("target", "report-render").toAbsolutePath();
    Files.createDirectories(dir);
    Path html = dir.resolve("analysis.html");
    Path png = dir.resolve("analysis.png");
    Files.deleteIfExists(png);
    Report.builder()
        .sweep("lr sweep", ReportFixtures.sweep(300, 1, 0), "name: lr\n")
        .sweep("baseline", ReportFixtures.sweep(120, 2, 0.05))
        .split("optim.name")
        .build()
        .write(html);

    Process p =
        new ProcessBuilder(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1300,2400",
                "--screenshot=" + png,
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 2 minutes").isTrue();
    assertThat(png).as("screenshot (see %s)", dir.resolve("chromium.log")).exists();

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1300);
    Set<Integer> colours = new HashSet<>();
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) {
          inked++;
        }
      }
    }
    long sampled = (long) (image.getWidth() / 2) * (image.getHeight() / 2);
    assertThat(inked).as("pixels that are not white").isGreaterThan(sampled / 50);
    assertThat(colours.size())
        .as("distinct colours: text, axes, the palette's lines and points")
        .isGreaterThan(50);
  }
}
