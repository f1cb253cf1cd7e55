package ru.onlineschool.funnels.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: no test tool downloads
 * a browser. The browser runs in UTC on purpose, so that a date shown in Moscow time proves
 * the school's zone is applied rather than the browser's.
 */
final class Browser {

  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browser() {}

  /** Chromium's profiles of this test run, removed when the run's JVM ends (16 MB each). */
  private static final List<Path> PROFILES = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> PROFILES.forEach(Browser::deleteQuietly), "chromium-profiles"));
  }

  /** A fresh profile directory under target/, so nothing is left in /tmp run after run. */
  private static Path profile() throws java.io.IOException {
    Path parent = Files.createDirectories(Path.of("target", "chromium-profiles"));
    Path profile = Files.createTempDirectory(parent, "profile").toAbsolutePath();
    PROFILES.add(profile);
    return profile;
  }

  private static void deleteQuietly(Path directory) {
    try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // A profile Chromium still holds: target/ is removed by the next clean build.
    }
  }

  /** A browser on UTC in English: neither the school's zone nor its language. */
  static ChromeDriver start() throws Exception {
    return start("UTC", "en-US");
  }

  /**
   * A browser whose clock is in {@code timeZone} and whose language (interface and
   * {@code Accept-Language}) is {@code language}, e.g. «Europe/Moscow» and «ru-RU».
   */
  static ChromeDriver start(String timeZone, String language) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        "--lang=" + language,
        "--user-data-dir=" + profile());
    // The console of the page (errors, failed requests) is kept for consoleErrors().
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", timeZone, "LANGUAGE", language.replace('-', '_')))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return driver;
  }

  /** Logs into Tasklist with the demo password and waits for the manager's filters. */
  static void logInToTasklist(ChromeDriver driver, WebDriverWait wait, int port, String user) {
    driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm'] input[type='text']"))).sendKeys(user);
    driver.findElement(By.cssSelector("form[name='signinForm'] input[type='password']")).sendKeys("demo");
    driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Мои задачи"));
  }

  /**
   * The errors in the browser's console since the last call (reading empties it): failed
   * requests («… 404 (Not Found)») and script errors.
   */
  static List<String> consoleErrors(ChromeDriver driver) {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Labels Camunda shows in English in Cockpit, Admin and Welcome, and the Camunda 8 banner's words. */
  static final List<String> ENGLISH_WEBAPPS =
      List.of(
          "Dashboard", "Processes", "Decisions", "Human Tasks", "Deployments", "Batches", "More",
          "Users", "Groups", "Tenants", "Authorizations", "System", "Process Definitions",
          "Decision Definitions", "Running Process Instances", "Open Incidents", "Open Human Tasks",
          "Deployed", "Process Instances", "Start Time", "Business Key", "Definition Version",
          "Instances Running", "Incidents", "Job Definitions", "Applications", "Profile",
          "Change password", "Edit profile", "Documentation", "Links", "List of Users", "Add user",
          "Log out", "My profile", "Powered by", "Date and Time displayed", "Access Denied",
          "Whitelabel", "Forbidden", "It is time to migrate", "Camunda 8");

  /** Labels Tasklist and form-js show in English around a task and its form. */
  static final List<String> ENGLISH_TASKLIST =
      List.of(
          "Claim", "Unclaim", "Complete", "Save", "Create task", "Start process", "Add a comment",
          "Set follow-up date", "Set due date", "Add groups", "Follow-up date", "Due date", "Created",
          "Assignee", "Filters", "Diagram", "History", "Description", "Log out", "Field is required", "Field must",
          "Select", "Search", "Date and Time displayed");

  /** Fails when the page shows one of {@code english} as a word of its own. */
  static void assertNoEnglish(ChromeDriver driver, String page, List<String> english) {
    String text = driver.findElement(By.tagName("body")).getText();
    for (String word : english) {
      assertThat(Pattern.compile("(?<![A-Za-z])" + Pattern.quote(word) + "(?![A-Za-z])").matcher(text).find())
          .as("%s shows the English «%s»:%n%s", page, word, text)
          .isFalse();
    }
  }

  static Path screenshot(ChromeDriver driver, String name) throws Exception {
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }
}
