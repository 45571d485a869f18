package dev.mlops.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Each report opened in Debian's Chromium, driven through Debian's ChromeDriver (both installed by
 * {@code .ci/run}; nothing is downloaded: the driver's path is set, so Selenium Manager never
 * runs). A page passes when it loads within 30 s, raises no dialog, logs nothing SEVERE, shows the
 * hostile names as text, has exactly the expected charts (each a decoded image), and its screenshot
 * is not blank.
 */
@Tag("browser")
@DisplayName("reports in Chromium")
class BrowserTest {
  /** Debian's Chromium; the system property {@code mlops.test.chromium} overrides the path. */
  static final Path CHROMIUM =
      Path.of(System.getProperty("mlops.test.chromium", "/usr/bin/chromium"));

  /** Debian's ChromeDriver; {@code mlops.test.chromedriver} overrides the path. */
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("mlops.test.chromedriver", "/usr/bin/chromedriver"));

  /** Exactly the flags of the issue; the fresh --user-data-dir is added per browser. */
  static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  /** The page background of the reports (CSS {@code #ffffff}). */
  static final int BACKGROUND = 0xFFFFFF;

  @TempDir Path temp;
  private ChromeDriver driver;

  /** Per test, so that each skipped test carries the message (a class-level abort shows none). */
  static void requireBrowser() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String message =
        CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " is missing: the browser tests need Debian's chromium and chromium-driver,"
            + " which .ci/run installs (apt-get install chromium chromium-driver)";
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  @BeforeEach
  void startBrowser() throws Exception {
    requireBrowser();
    Path profile = Files.createDirectory(temp.resolve("user-data"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--user-data-dir=" + profile);
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().window().setSize(new Dimension(1280, 1024));
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  private void open(String html, String name) throws Exception {
    File file = temp.resolve(name + ".html").toFile();
    Files.writeString(file.toPath(), html, StandardCharsets.UTF_8);
    driver.get(file.toURI().toString());
  }

  private boolean alertPresent() {
    try {
      driver.switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }

  private List<LogEntry> severeLogs() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .toList();
  }

  /** The share of screenshot pixels whose colour differs from the page background. */
  private double nonBackgroundShare() throws Exception {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    long differing = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) != BACKGROUND) {
          differing++;
        }
      }
    }
    return (double) differing / ((long) image.getWidth() * image.getHeight());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.mlops.reports.HtmlReportsTest#reports")
  @DisplayName("renders with no dialog, no SEVERE log, the hostile names as text, and its charts")
  void reportRenders(String kind, Supplier<String> report, int charts) throws Exception {
    open(report.get(), kind);

    assertThat(alertPresent()).as("a dialog opened").isFalse();
    assertThat(severeLogs()).as("SEVERE browser log entries").isEmpty();

    WebElement h1 = driver.findElement(By.tagName("h1"));
    assertThat(h1.getText()).isEqualTo("Report " + kind + " " + Fixtures.EVIL);
    String body = driver.findElement(By.tagName("body")).getText();
    assertThat(body).contains(Fixtures.EVIL).contains("data/" + Fixtures.EVIL_SCRIPT + ".csv");

    List<WebElement> chartImages =
        driver.findElements(By.cssSelector("img." + HtmlReports.CHART_CLASS));
    assertThat(chartImages).hasSize(charts);
    assertThat(driver.findElements(By.tagName("img"))).as("every img is a chart").hasSize(charts);
    assertThat(driver.findElements(By.tagName("script"))).as("only the data block").hasSize(1);
    JavascriptExecutor js = driver;
    for (WebElement img : chartImages) {
      Object width =
          js.executeScript("return arguments[0].complete && arguments[0].naturalWidth;", img);
      assertThat(((Number) width).longValue()).as("decoded chart width").isPositive();
      assertThat(img.isDisplayed()).isTrue();
    }
    Object title =
        js.executeScript(
            "return JSON.parse(document.getElementById('mlops-report-data').textContent).title;");
    assertThat(title).isEqualTo("Report " + kind + " " + Fixtures.EVIL);

    assertThat(nonBackgroundShare())
        .as("share of non-background pixels")
        .isGreaterThanOrEqualTo(0.01);
  }

  @Nested
  @DisplayName("the checks can fail")
  class Detectors {
    @Test
    @DisplayName("an unescaped hostile name does open a dialog")
    void alertIsDetected() throws Exception {
      open("<!DOCTYPE html><html><body><p>" + Fixtures.EVIL + "</p></body></html>", "raw");
      assertThat(alertPresent()).isTrue();
      driver.switchTo().alert().dismiss();
    }

    @Test
    @DisplayName("a console error is a SEVERE log entry")
    void severeIsDetected() throws Exception {
      open(
          "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>",
          "error");
      assertThat(severeLogs()).extracting(LogEntry::getMessage).anyMatch(m -> m.contains("boom"));
    }

    @Test
    @DisplayName("an empty white page counts as blank")
    void blankIsDetected() throws Exception {
      open("<!DOCTYPE html><html><body style='background:#fff'></body></html>", "blank");
      assertThat(nonBackgroundShare()).isLessThan(0.01);
      assertThatThrownBy(() -> driver.switchTo().alert())
          .isInstanceOf(NoAlertPresentException.class);
    }
  }
}
