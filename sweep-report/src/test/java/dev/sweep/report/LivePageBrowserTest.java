package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page as a person uses it, in a real browser: headless Chromium driven by Selenium
 * through Debian's {@code chromedriver} ({@code scripts/install-debian-packages.sh chromium
 * chromium-driver}), on a sweep that runs while the page is open. Without them the test is skipped,
 * except under CI, where that is a failure. Screenshots: {@code target/live-page/}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LivePageBrowserTest {
  private static final Path SHOTS = Path.of("target", "live-page");

  static Path chromedriver() {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator, -1)) {
      Path p = Path.of(dir, "chromedriver");
      if (Files.isExecutable(p) && ReportRenderTest.chromium() != null) {
        return p;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI needs chromium and chromedriver on the PATH for the live page's test: "
              + "scripts/install-debian-packages.sh chromium chromium-driver");
    }
    return null;
  }

  @Test
  void page_followsARunningSweep_hoverShowsTheTrial_clickOpensIt(@TempDir Path tmp)
      throws Exception {
    Path driverPath = chromedriver();
    assumeTrue(driverPath != null, "chromium or chromedriver is not installed");
    Files.createDirectories(SHOTS);
    try (LiveSweep sweep = new LiveSweep(tmp.resolve("live"));
        LiveServer.Running live =
            LiveServer.builder()
                .folder(sweep.dir)
                .port(0)
                .pollInterval(Duration.ofMillis(100))
                .build()
                .start()) {
      WebDriver browser = browser(driverPath, tmp);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class); // the page redraws as events come
        browser.get(live.uri().toString());
        wait.until(b -> count(b, "running").equals("1"));
        wait.until(b -> b.findElement(By.id("running")).getText().contains("error="));
        assertThat(browser.findElement(By.id("summary")).getText())
            .contains("live", "minimize error");
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
        String ranFor = browser.findElement(By.cssSelector("#running .elapsed")).getText();
        wait.until(
            b -> !b.findElement(By.cssSelector("#running .elapsed")).getText().equals(ranFor));
        ((JavascriptExecutor) browser).executeScript("window.sameLoad = true;");
        shot(browser, "1-running.png");

        sweep.finishOne(); // trial 0 completes
        sweep.finishOne(); // trial 1 completes
        sweep.finishOne(); // trial 2 fails
        wait.until(b -> count(b, "completed").equals("2") && count(b, "failed").equals("1"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameLoad"))
            .as("the page updated without a reload")
            .isEqualTo(true);
        assertThat(browser.findElement(By.id("best")).getText()).contains("(trial ");
        assertThat(browser.findElements(By.cssSelector("#params .chart")))
            .extracting(e -> e.getAttribute("data-param"))
            .containsExactly("optim.lr", "optim.name");
        assertThat(
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "const c = echarts.getInstanceByDom(document.getElementById('history'));"
                            + "return c.getOption().series.filter(s => s.type === 'scatter')"
                            + ".map(s => s.name + ' ' + s.color + ': ' + s.data.map(d => d.trial));"))
            .as("the failed trial greyed, the completed ones in colour")
            .isEqualTo(List.of("completed #2f6fdf: 0,1", "pruned, failed #b9bec6: 2"));
        assertThat(
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "return echarts.getInstanceByDom(document.getElementById('edf'))"
                            + ".getOption().series[0].data.map(d => d.value[1]);"))
            .as("the EDF steps through the completed trials")
            .isEqualTo(List.of(0.5, 1L));
        shot(browser, "2-finished.png");

        WebElement history = browser.findElement(By.id("history"));
        hoverTrial(browser, history, 0);
        wait.until(b -> history.getText().contains("trial 0"));
        assertThat(history.getText()).contains("trial 0", "completed", "optim.lr=", "optim.name=");
        shot(browser, "3-hover.png");

        new Actions(browser).click().perform();
        WebElement details = browser.findElement(By.id("trial"));
        wait.until(b -> details.isDisplayed() && details.getText().contains("trial 0 · completed"));
        assertThat(browser.findElement(By.id("trial-config")).getText()).contains("\"lr\"");
        assertThat(details.getText()).contains("Metrics", "error");
        shot(browser, "4-trial.png");
      } finally {
        browser.quit();
      }
    }
  }

  /** Moves the mouse over trial {@code id}'s point, where ECharts itself says it is drawn. */
  @SuppressWarnings("unchecked")
  private static void hoverTrial(WebDriver browser, WebElement chart, long id) {
    List<Number> xy =
        (List<Number>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "const c = echarts.getInstanceByDom(arguments[0]);"
                        + "const s = c.getOption().series.find(s => s.id === 'trials');"
                        + "const p = s.data.find(d => d.trial === arguments[1]);"
                        + "return c.convertToPixel({seriesId: 'trials'}, p.value);",
                    chart,
                    id);
    int w = chart.getRect().getWidth();
    int h = chart.getRect().getHeight();
    new Actions(browser)
        .moveToElement(chart, xy.get(0).intValue() - w / 2, xy.get(1).intValue() - h / 2)
        .perform();
  }

  @Test
  void page_drawsTheContourOfTheTwoMostImportantParameters_andLogYOnRequest(@TempDir Path tmp)
      throws Exception {
    Path driverPath = chromedriver();
    assumeTrue(driverPath != null, "chromium or chromedriver is not installed");
    Files.createDirectories(SHOTS);
    Path dir = tmp.resolve("bowl");
    LiveServerTest.bowl(dir, 60);
    try (LiveServer.Running live =
        LiveServer.builder()
            .folder(dir)
            .port(0)
            .pollInterval(Duration.ofMillis(100))
            .build()
            .start()) {
      WebDriver browser = browser(driverPath, tmp);
      try {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(live.uri().toString());
        wait.until(b -> count(b, "completed").equals("60"));
        wait.until(b -> !"0".equals(b.findElement(By.id("contour")).getAttribute("data-cells")));
        String option =
            "return echarts.getInstanceByDom(document.getElementById('contour')).getOption()";
        assertThat(js.executeScript(option + ".series.map(s => s.type + ' ' + s.data.length);"))
            .asString()
            .matches("\\[custom \\d+, scatter 60, scatter 0\\]");
        assertThat(js.executeScript(option + ".title[0].subtext;"))
            .asString()
            .contains("kernel smoother", "60 completed");
        assertThat(
                js.executeScript(
                    option
                        + ".xAxis.concat("
                        + option.substring(7)
                        + ".yAxis)"
                        + ".map(a => a.name + ' ' + a.type).sort();"))
            .isEqualTo(List.of("optim.lr log", "x value"));
        assertThat(
                js.executeScript(
                    "const o = echarts.getInstanceByDom(document.querySelector("
                        + "'[data-param=\"optim.lr\"]')).getOption().xAxis[0];"
                        + "return [o.type, o.min < 1e-4, o.max > 0.1];"))
            .as("the parameter's axis spans its whole log domain, padded")
            .isEqualTo(List.of("log", true, true));
        assertThat(browser.findElement(By.id("importance")).getText()).isNotNull();
        browser.findElement(By.id("log-history")).click();
        wait.until(
            b ->
                "log"
                    .equals(
                        js.executeScript(
                            "return echarts.getInstanceByDom(document.getElementById('history'))"
                                + ".getOption().yAxis[0].type;")));
        shot(browser, "5-log-history.png");
        js.executeScript("document.getElementById('contour').scrollIntoView();");
        shot(browser, "6-contour.png");
      } finally {
        browser.quit();
      }
    }
  }

  private static String count(WebDriver browser, String state) {
    List<WebElement> b =
        browser.findElements(By.cssSelector(".count[data-state='" + state + "'] b"));
    return b.isEmpty() ? "" : b.get(0).getText();
  }

  /** A headless Chromium for the page tests, its console kept for {@link #consoleProblems}. */
  static WebDriver browser(Path driverPath, Path tmp) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(ReportRenderTest.chromium().toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1100",
        "--user-data-dir=" + tmp.resolve("profile"));
    options.setExperimentalOption("prefs", Map.of());
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile()).build();
    return new ChromeDriver(service, options);
  }

  /** The warnings and errors the page wrote to the browser's console. */
  static List<LogEntry> consoleProblems(WebDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .toList();
  }

  private static void shot(WebDriver browser, String name) throws Exception {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
