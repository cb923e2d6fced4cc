package dev.sweep.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Not a test: the live page on a big folder in headless Chromium (docs/benchmarks.md). Serves DIR
 * (made by {@link LiveScale}), times the page's load until its first drawing, then ROUNDS updates
 * (one trial appended each) until the page has drawn each, with the page's own time to redraw.
 *
 * <pre>{@code
 * java -cp ... dev.sweep.report.LivePageScale /tmp/live-100k 10
 * }</pre>
 */
final class LivePageScale {
  private LivePageScale() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path tmp = Files.createTempDirectory("live-page-scale");
    try (LiveServer.Running live =
        LiveServer.builder()
            .folder(dir)
            .port(0)
            .pollInterval(Duration.ofMillis(100))
            .build()
            .start()) {
      WebDriver browser = LivePageBrowserTest.browser(LivePageBrowserTest.chromedriver(), tmp);
      try {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2));
        long t0 = System.nanoTime();
        browser.get(live.uri().toString());
        wait.until(b -> js.executeScript("return document.body.dataset.version") != null);
        System.out.printf(
            "page load until drawn: %.0f ms (redraw %s ms)%n",
            (System.nanoTime() - t0) / 1e6,
            js.executeScript("return document.body.dataset.renderMs"));
        System.out.println(
            js.executeScript(
                "return ['history-shown', 'edf-shown', 'params-shown']"
                    + ".map(id => document.getElementById(id).textContent).join(' | ')"));
        ((org.openqa.selenium.TakesScreenshot) browser)
            .getScreenshotAs(org.openqa.selenium.OutputType.FILE)
            .renameTo(tmp.resolve("page.png").toFile());
        System.out.println("screenshot: " + tmp.resolve("page.png"));
        long next = dev.sweep.store.SweepFolder.replay(dir).lastId() + 1;
        List<Double> ms = new ArrayList<>();
        List<Long> redraw = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          Object before = js.executeScript("return document.body.dataset.version");
          long t = System.nanoTime();
          LiveScale.append(dir, next + i, 20);
          wait.until(b -> !before.equals(js.executeScript("return document.body.dataset.version")));
          ms.add((System.nanoTime() - t) / 1e6);
          redraw.add(
              Long.parseLong((String) js.executeScript("return document.body.dataset.renderMs")));
        }
        Collections.sort(ms);
        Collections.sort(redraw);
        System.out.printf(
            "append to drawn (poll every 100 ms): median %.0f ms, max %.0f ms;"
                + " page redraw median %d ms, max %d ms%n",
            ms.get(rounds / 2), ms.get(rounds - 1), redraw.get(rounds / 2), redraw.get(rounds - 1));
      } finally {
        browser.quit();
      }
    }
  }
}
