package dev.sweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sweep.population.Population;
import dev.sweep.trial.Objective;
import dev.sweep.trial.Objectives;
import dev.sweep.trial.TrialRecord;
import dev.sweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The written {@code analysis.html} as a person opens it: from {@code file://}, with no server and
 * no network, in headless Chromium driven by Selenium through Debian's {@code chromedriver}, as
 * {@link LivePageBrowserTest} does (skipped without them, except under CI). The page and its
 * screenshots: {@code target/analysis-page/}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportBrowserTest {
  private static final Path OUT = Path.of("target", "analysis-page");

  @Test
  void analysisHtml_fromFile_drawsTheCharts_hoverShowsTheTrial_clickOpensItsDetails(
      @TempDir Path tmp) throws Exception {
    Path driverPath = LivePageBrowserTest.chromedriver();
    assumeTrue(driverPath != null, "chromium or chromedriver is not installed");
    Files.createDirectories(OUT);
    Path page = OUT.resolve("analysis.html").toAbsolutePath();
    Report.builder()
        .sweep(
            "lr sweep",
            ReportInteractiveTest.hostile(),
            "{\"space\": \"Space[optim.lr: logUniform[1.0E-5, 0.1]]\"}")
        .sweep("baseline", ReportFixtures.sweep(30, 2, 0.05))
        .build()
        .write(page);

    WebDriver browser = LivePageBrowserTest.browser(driverPath, tmp);
    try {
      JavascriptExecutor js = (JavascriptExecutor) browser;
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(page.toUri().toString());
      wait.until(b -> !b.findElements(By.cssSelector("#history canvas")).isEmpty());
      for (String chart : List.of("history", "curves", "edf", "importance", "contour")) {
        assertThat(browser.findElements(By.cssSelector("#" + chart + " canvas")))
            .as("%s drawn", chart)
            .isNotEmpty();
      }
      assertThat(browser.findElements(By.cssSelector("#params .chart canvas"))).hasSize(3);
      assertThat(browser.findElement(By.id("summary")).getText())
          .contains("lr sweep", "41 trials", "minimize error");
      assertThat(
              js.executeScript(
                  "return echarts.getInstanceByDom(document.getElementById('history'))"
                      + ".getOption().series.filter(s => s.type === 'scatter')"
                      + ".map(s => s.color + ' ' + s.data.length);"))
          .as("the completed trials in colour, the failed ones (3 and the hostile one) grey")
          .isEqualTo(List.of("#2f6fdf 37", "#b9bec6 4"));
      assertThat(
              js.executeScript(
                  "const o = echarts.getInstanceByDom(document.querySelector("
                      + "'[data-param=\"optim.lr\"]')).getOption().xAxis[0];"
                      + "return [o.type, o.min < 1e-5, o.max > 0.1];"))
          .as("the parameter's axis spans its whole log domain, padded")
          .isEqualTo(List.of("log", true, true));
      assertThat(browser.findElement(By.id("pareto-section")).isDisplayed())
          .as("one objective: no front")
          .isFalse();
      shot(browser, "1-charts.png");

      browser.findElement(By.id("log-history")).click();
      assertThat(
              js.executeScript(
                  "return echarts.getInstanceByDom(document.getElementById('history'))"
                      + ".getOption().yAxis[0].type;"))
          .as("log y on request, offline as live")
          .isEqualTo("log");
      browser.findElement(By.id("log-history")).click();

      WebElement history = browser.findElement(By.id("history"));
      js.executeScript("arguments[0].scrollIntoView({block: 'center'});", history);
      hoverTrial(browser, history, 0);
      wait.until(b -> history.getText().contains("trial 0"));
      assertThat(history.getText()).contains("trial 0 · completed", "optim.lr=", "optim.name=");
      shot(browser, "2-hover.png");

      new Actions(browser).click().perform();
      WebElement details = browser.findElement(By.id("trial"));
      wait.until(b -> details.isDisplayed() && details.getText().contains("trial 0 · completed"));
      assertThat(browser.findElement(By.id("trial-config")).getText()).contains("\"lr\"");
      assertThat(details.getText())
          .contains("Metrics", "error", "loss")
          .doesNotContain("null", "undefined");
      assertThat(browser.findElements(By.cssSelector("#trial-curve canvas"))).isNotEmpty();
      shot(browser, "3-trial.png");

      js.executeScript("showTrial(40);"); // the trial whose values are markup
      wait.until(b -> details.getText().contains("trial 40 · failed"));
      assertThat(browser.findElement(By.id("trial-config")).getText())
          .as("hostile values shown as text, as they are")
          .contains("</script><script>alert(1)</script><!-- <b>bold</b>");
      assertThat(browser.findElements(By.cssSelector("#trial b")))
          .as("no element made of a value")
          .isEmpty();
      shot(browser, "4-hostile.png");

      assertThat(LivePageBrowserTest.consoleProblems(browser))
          .as("the browser's console")
          .isEmpty();
    } finally {
      browser.quit();
    }
  }

  @Test
  void twoObjectives_theFrontIsDrawn_hoverShowsAFrontTrial_theTableListsTheFront(@TempDir Path tmp)
      throws Exception {
    Path driverPath = LivePageBrowserTest.chromedriver();
    assumeTrue(driverPath != null, "chromium or chromedriver is not installed");
    Files.createDirectories(OUT);
    Path page = OUT.resolve("pareto.html").toAbsolutePath();
    Population sweep = ReportFixtures.paretoSweep(60, 3);
    Report.builder().sweep("error vs throughput", sweep).build().write(page);
    List<Long> front =
        sweep.paretoFront(ReportFixtures.PARETO).stream()
            .sorted(Comparator.comparingDouble(r -> r.metric("error").orElseThrow()))
            .map(TrialRecord::id)
            .toList();
    assertThat(front).as("the fixture has a front to draw").hasSizeGreaterThan(2);

    WebDriver browser = LivePageBrowserTest.browser(driverPath, tmp);
    try {
      JavascriptExecutor js = (JavascriptExecutor) browser;
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(page.toUri().toString());
      wait.until(b -> !b.findElements(By.cssSelector("#pareto canvas")).isEmpty());
      WebElement chart = browser.findElement(By.id("pareto"));
      js.executeScript("arguments[0].scrollIntoView({block: 'center'});", chart);
      assertThat(
              js.executeScript(
                  "const o = echarts.getInstanceByDom(arguments[0]).getOption();"
                      + "return [o.xAxis[0].name, o.yAxis[0].name,"
                      + " ...o.series.map(s => s.id + ' ' + s.data.length)];",
                  chart))
          .as("axes named with their goals; the front apart, the infeasible width-128 trials grey")
          .isEqualTo(
              List.of(
                  "error (minimise)",
                  "throughput (maximise)",
                  "pareto-others " + (others(sweep) - front.size()),
                  "pareto-infeasible " + infeasible(sweep),
                  "pareto-line " + front.size(),
                  "pareto-front " + front.size()));
      assertThat(browser.findElement(By.id("pareto-shown")).getText())
          .contains(front.size() + " on the front", "memory_gb ≤ 12");

      List<Long> rows =
          browser.findElements(By.cssSelector("#pareto-table tbody tr")).stream()
              .map(tr -> Long.parseLong(tr.getAttribute("data-trial")))
              .toList();
      assertThat(rows).as("the front's trials, lowest error first").isEqualTo(front);
      assertThat(browser.findElement(By.cssSelector("#pareto-table thead")).getText())
          .contains(
              "trial", "error (minimise)", "throughput (maximise)", "optim.lr", "model.width");

      long best = front.get(0);
      hoverTrial(browser, chart, "pareto-front", best);
      wait.until(b -> chart.getText().contains("trial " + best + " · completed"));
      assertThat(chart.getText())
          .contains("optim.lr=", "model.width=", "throughput", "Pareto rank 0");
      shot(browser, "5-pareto.png");

      WebElement last = browser.findElements(By.cssSelector("#pareto-table tbody tr")).get(1);
      js.executeScript("arguments[0].scrollIntoView({block: 'center'});", last);
      last.click();
      WebElement details = browser.findElement(By.id("trial"));
      wait.until(
          b -> details.isDisplayed() && details.getText().contains("trial " + front.get(1) + " ·"));
      assertThat(browser.findElement(By.id("trial-config")).getText()).contains("\"width\"");
      shot(browser, "6-pareto-trial.png");

      // memory a third objective rather than a constraint: the trials over parallel axes
      Path three = OUT.resolve("pareto-3.html").toAbsolutePath();
      Objectives seek3 =
          Objective.minimize("error").andMaximize("throughput").andMinimize("memory_gb");
      Population sweep3 = Population.of(seek3, sweep.trials());
      Report.builder().sweep("three objectives", sweep3).build().write(three);
      browser.get(three.toUri().toString());
      wait.until(b -> !b.findElements(By.cssSelector("#pareto canvas")).isEmpty());
      WebElement chart3 = browser.findElement(By.id("pareto"));
      js.executeScript("arguments[0].scrollIntoView({block: 'center'});", chart3);
      assertThat(
              js.executeScript(
                  "const o = echarts.getInstanceByDom(arguments[0]).getOption();"
                      + "return [...o.parallelAxis.map(a => a.name),"
                      + " ...o.series.map(s => s.type + ' ' + s.id + ' ' + s.data.length)];",
                  chart3))
          .isEqualTo(
              List.of(
                  "error (minimise)",
                  "throughput (maximise)",
                  "memory_gb (minimise)",
                  "parallel pareto-others " + (completed(sweep) - front(sweep3, seek3)),
                  "parallel pareto-infeasible 0",
                  "parallel pareto-front " + front(sweep3, seek3)));
      assertThat(browser.findElements(By.cssSelector("#pareto-table tbody tr")))
          .hasSize((int) front(sweep3, seek3));
      shot(browser, "7-pareto-parallel.png");

      assertThat(LivePageBrowserTest.consoleProblems(browser))
          .as("the browser's console")
          .isEmpty();
    } finally {
      browser.quit();
    }
  }

  private static long completed(Population sweep) {
    return sweep.trials().stream().filter(r -> r.status() == TrialStatus.COMPLETED).count();
  }

  private static long front(Population sweep, Objectives seek) {
    return sweep.paretoFront(seek).size();
  }

  /** The completed trials that keep the constraint. */
  private static long others(Population sweep) {
    return sweep.trials().stream()
        .filter(r -> r.status() == TrialStatus.COMPLETED)
        .filter(ReportFixtures.PARETO::feasible)
        .count();
  }

  private static long infeasible(Population sweep) {
    return sweep.trials().stream()
        .filter(r -> r.status() == TrialStatus.COMPLETED)
        .filter(r -> !ReportFixtures.PARETO.feasible(r))
        .count();
  }

  private static void hoverTrial(WebDriver browser, WebElement chart, long id) {
    hoverTrial(browser, chart, "trials", id);
  }

  /** Moves the mouse over trial {@code id}'s point, where ECharts itself says it is drawn. */
  @SuppressWarnings("unchecked")
  private static void hoverTrial(WebDriver browser, WebElement chart, String series, long id) {
    List<Number> xy =
        (List<Number>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "const c = echarts.getInstanceByDom(arguments[0]);"
                        + "const s = c.getOption().series.find(s => s.id === arguments[2]);"
                        + "const p = s.data.find(d => d.trial === arguments[1]);"
                        + "return c.convertToPixel({seriesId: arguments[2]}, p.value);",
                    chart,
                    id,
                    series);
    int w = chart.getRect().getWidth();
    int h = chart.getRect().getHeight();
    new Actions(browser)
        .moveToElement(chart, xy.get(0).intValue() - w / 2, xy.get(1).intValue() - h / 2)
        .perform();
  }

  private static void shot(WebDriver browser, String name) throws Exception {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, OUT.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
