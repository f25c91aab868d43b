package org.runnel.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.runnel.manager.admin.control.PasswordHash;
import org.runnel.shared.json.Json;

/**
 * Drives the admin pages of the real manager.war in headless Chromium (Debian's {@code chromium}
 * and {@code chromium-driver}, no driver download), as an administrator would: the login guards
 * every page, a runner played by the test shows up online, a task submitted through the client API
 * shows its progress and live log and reaches {@code completed} on the dashboard, bulk restart
 * restarts what it may and says why it skips the rest, a runner is drained, the statistics show
 * charts and the CSV downloads with the session only, the log page finds a line, a token issued on
 * the credentials page works until it is revoked, and a forged session or a logout leads back to
 * the login page. Each page is saved as a screenshot under {@code docs/screenshots/} for {@code
 * docs/admin.md}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {

  static final String CLIENT = "ui-client-token";
  static final String RUNNER = "ui-runner-token";
  static final String PASSWORD = "correct horse battery staple";
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);
  static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  static WebDriver browser;
  static Path profile;
  static FakeRunner runner;
  static FakeRunner.Run firstRun;
  static String firstTask;
  static String secondTask;

  @ArquillianResource URL base;

  /** The manager's runnel.manager.config-file, rewritten by the reload test. */
  static final Path CONFIG_FILE =
      Path.of(System.getProperty("runnel.buildDir", "target"), "it-data", "admin-config.properties")
          .toAbsolutePath();

  @Deployment(testable = false)
  static WebArchive deployment() throws IOException {
    Files.createDirectories(CONFIG_FILE.getParent());
    Files.writeString(CONFIG_FILE, "# nothing yet: the other sources answer\n");
    return TestWar.withConfig(
        "admin",
        "runnel.manager.config-file=" + CONFIG_FILE,
        "runnel.manager.client-tokens=" + CLIENT,
        "runnel.manager.runner-tokens=" + RUNNER,
        "runnel.manager.allow-private-urls=true",
        "runnel.manager.admin-password-hash=" + PasswordHash.hash(PASSWORD),
        "runnel.manager.admin-users=ops:" + PasswordHash.hash("ops password"),
        "runnel.manager.login-free-failures=2",
        "runnel.manager.login-delay-seconds=8",
        "runnel.manager.login-max-delay-seconds=16");
  }

  @BeforeAll
  static void startBrowser() throws IOException {
    assertTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    profile = Files.createTempDirectory("runnel-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(WAIT);
    runner = new FakeRunner("runner-ui", RUNNER);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (runner != null) {
      runner.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private String manager() {
    return "http://127.0.0.1:" + base.getPort();
  }

  private void open(String page) {
    browser.get(manager() + page);
  }

  /** Waits for {@code condition}; on timeout saves the page under target/admin-it for a look. */
  private static <T> T waitFor(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(browser, WAIT)
          .ignoring(StaleElementReferenceException.class)
          .until(d -> stillRendering(condition, d));
    } catch (TimeoutException e) {
      try {
        Path dir = Path.of(System.getProperty("runnel.buildDir", "target"), "admin-it");
        Files.createDirectories(dir);
        String name = "timeout-" + System.currentTimeMillis();
        Files.writeString(dir.resolve(name + ".html"), browser.getPageSource());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"));
      } catch (IOException | RuntimeException ignored) {
        // the timeout is what the test reports
      }
      throw e;
    }
  }

  /**
   * Applies a wait condition; an element replaced while it was read (chromedriver sometimes reports
   * it as "Node with given id does not belong to the document" instead of a stale element) means
   * the page is still being re-rendered: not yet, try again.
   */
  private static <T> T stillRendering(Function<WebDriver, T> condition, WebDriver d) {
    try {
      return condition.apply(d);
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return null;
      }
      throw e;
    }
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private static boolean showing(String css, String fragment) {
    return browser.findElements(By.cssSelector(css)).stream()
        .anyMatch(e -> e.getText().contains(fragment));
  }

  /**
   * Saves the whole page as docs/screenshots/{name}.png, once no dialog is fading out: the window
   * grows to the page's height for the shot.
   */
  private static void screenshot(String name) throws IOException {
    waitFor(
        d ->
            d.findElements(By.cssSelector(".ui-dialog")).stream()
                .noneMatch(WebElement::isDisplayed));
    Path dir =
        Path.of(System.getProperty("runnel.projectRoot", ".."), "docs", "screenshots")
            .toAbsolutePath();
    Files.createDirectories(dir);
    Dimension size = browser.manage().window().getSize();
    Object height =
        ((JavascriptExecutor) browser)
            .executeScript("return document.documentElement.scrollHeight");
    int page = Math.min(4000, ((Number) height).intValue() + (size.getHeight() - viewport()));
    browser
        .manage()
        .window()
        .setSize(new Dimension(size.getWidth(), Math.max(size.getHeight(), page)));
    try {
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.manage().window().setSize(size);
    }
  }

  private static int viewport() {
    return ((Number) ((JavascriptExecutor) browser).executeScript("return window.innerHeight"))
        .intValue();
  }

  private void logIn(String user, String password) {
    browser.findElement(By.id("login:username")).clear();
    browser.findElement(By.id("login:username")).sendKeys(user);
    browser.findElement(By.id("login:password")).sendKeys(password);
    browser.findElement(By.id("login:submit")).click();
  }

  /** Logs in from the login page and waits for the page that answers (a new document). */
  private void logInAgain(String user, String password) {
    WebElement before = browser.findElement(By.id("login:submit"));
    logIn(user, password);
    waitFor(ExpectedConditions.stalenessOf(before)::apply);
  }

  private static void confirm() {
    WebElement yes =
        waitFor(
            d ->
                d.findElements(By.cssSelector(".ui-confirmdialog-yes")).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
    yes.click();
  }

  private HttpResponse<String> submit(String video) throws Exception {
    String body =
        """
        {"etab_name":"Université de Lille","app_name":"pod","app_version":"4.2",
         "task_type":"encoding","source_url":"http://127.0.0.1:1/%s.mp4",
         "parameters":{"video_id":"%s","video_slug":"cours-%s"}}
        """
            .formatted(video, video, video);
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(manager() + "/task/execute"))
            .header("Authorization", "Bearer " + CLIENT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static String taskId(HttpResponse<String> accepted) {
    assertEquals(200, accepted.statusCode(), accepted.body());
    return (String) Json.jsonb().fromJson(accepted.body(), Map.class).get("task_id");
  }

  private HttpResponse<String> get(String path, String sessionId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(manager() + path));
    if (sessionId != null) {
      b.header("Cookie", "JSESSIONID=" + sessionId);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void everyAdminPageAsksForALoginFirst() throws Exception {
    open("/admin/tasks.xhtml");
    waitFor(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
    logIn("admin", "not the password");
    waitFor(d -> showing(".ui-messages-error", "Unknown user name or wrong password"));
    assertFalse(browser.getPageSource().contains("not the password"), "password not echoed");
    screenshot("login");

    HttpResponse<String> csv = get("/admin/download/statistics.csv", null);
    assertEquals(302, csv.statusCode(), "downloads need the login too");
    assertTrue(csv.headers().firstValue("Location").orElse("").contains("/admin/login.xhtml"));
    HttpResponse<String> root = get("/", null);
    assertTrue(root.body().contains("\"Runnel manager\""), "GET / stays the API's JSON");
  }

  @Test
  @Order(2)
  void afterLoginTheDashboardShowsARunnerOnline() throws Exception {
    logIn("admin", PASSWORD);
    waitFor(d -> d.getCurrentUrl().contains("/admin/") && !d.getCurrentUrl().contains("login"));
    assertTrue(text(".rn-user").contains("admin"));

    assertEquals(200, runner.register(manager(), List.of("encoding", "transcription")));
    runner.beat(manager());
    String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
    HttpResponse<String> folder = get("/admin/", session);
    assertEquals(200, folder.statusCode(), "/admin/ serves the dashboard");
    assertTrue(folder.body().contains("runners online"));
    open("/admin/index.xhtml");
    waitFor(d -> showing("[id='dash:runners'] tbody tr", "runner-ui"));
    waitFor(d -> showing("[id='dash:runners'] tbody tr", "online"));
    assertEquals("1", text("#runnersOnline"));
    assertTrue(text("[id='dash:runners']").contains("encoding, transcription"));
    screenshot("dashboard-runner-online");
  }

  @Test
  @Order(3)
  void aSubmittedTaskShowsProgressAndLiveLogThenCompletesOnTheDashboard() throws Exception {
    firstTask = taskId(submit("1001"));
    firstRun = runner.runs.poll(20, TimeUnit.SECONDS);
    assertEquals(firstTask, firstRun.taskId());
    String progress =
        Json.write(
            Map.of(
                "task_id",
                firstTask,
                "run_id",
                firstRun.runId(),
                "progress",
                40.0,
                "eta_seconds",
                95,
                "log_tail",
                "ffmpeg: frame=1200 fps=30 time=00:00:40\nencoding 360p"));
    assertEquals(200, runner.post(manager() + "/task/progress", progress).statusCode());

    open("/admin/task.xhtml?id=" + firstTask);
    waitFor(d -> showing("#status", "running"));
    assertTrue(text("[id='task:progress']").contains("40%"), text("[id='task:progress']"));
    assertTrue(text("#eta").contains("1 min 35 s"), text("#eta"));
    assertTrue(text("#log").contains("frame=1200"), text("#log"));
    assertTrue(browser.getPageSource().contains("cours-1001"), "parameters shown");
    screenshot("task-running");

    assertEquals(200, runner.complete(manager(), firstRun, "completed").statusCode());
    waitFor(d -> showing("#status", "completed"));
    waitFor(d -> showing("#log", "ok"));
    assertTrue(showing(".ui-panel", "720p_v.m3u8"), "result files listed from the runner");
    String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
    HttpResponse<String> file =
        get("/admin/download/result/" + firstTask + "/720p_v.m3u8", session);
    assertEquals("segment bytes of 720p_v.m3u8", file.body(), "streamed from the runner");
    HttpResponse<String> outside = get("/admin/download/result/" + firstTask + "/..%2Fx", session);
    assertEquals(4, outside.statusCode() / 100, "a path out of the task's folder is refused");
    assertFalse(outside.body().contains("segment bytes"));
    screenshot("task-completed");

    open("/admin/index.xhtml");
    waitFor(d -> showing("[id='dash:latest'] tbody tr", firstTask));
    waitFor(d -> text("#completedToday").equals("1"));
    assertTrue(showing("[id='dash:latest'] tbody tr", "completed"));
    screenshot("dashboard");
  }

  @Test
  @Order(4)
  void bulkRestartRestartsFinishedTasksAndSaysWhyItSkipsOthers() throws Exception {
    secondTask = taskId(submit("1002"));
    FakeRunner.Run second = runner.runs.poll(20, TimeUnit.SECONDS);
    assertEquals(secondTask, second.taskId(), "the second task runs");

    open("/admin/tasks.xhtml");
    waitFor(d -> showing("[id='tasks:table'] tbody", secondTask));
    WebElement before = browser.findElement(By.id("tasks:table"));
    browser.findElement(By.id("tasks:search")).sendKeys("lille");
    browser.findElement(By.id("tasks:apply")).click();
    waitFor(ExpectedConditions.stalenessOf(before)::apply);
    By boxes = By.cssSelector("[id='tasks:table'] tbody .ui-chkbox-box");
    waitFor(d -> d.findElements(boxes).size() == 2);
    for (int i = 0; i < 2; i++) {
      browser.findElements(boxes).get(i).click();
    }
    browser.findElement(By.id("tasks:restart")).click();
    confirm();
    waitFor(d -> showing("[id='tasks:outcomes']", secondTask));
    String outcomes = text("[id='tasks:outcomes']");
    assertTrue(outcomes.contains(firstTask), outcomes);
    assertTrue(outcomes.contains("restart done"), outcomes);
    assertTrue(outcomes.contains("Task is running: only a finished task restarts"), outcomes);
    screenshot("tasks-bulk-restart");

    HttpResponse<String> status = asClient("/task/status/" + firstTask, CLIENT);
    assertTrue(status.body().contains("\"status\":\"pending\""), status.body());
  }

  @Test
  @Order(5)
  void aRunnerCanBeDrainedAndEnabled() throws Exception {
    open("/admin/runners.xhtml");
    waitFor(d -> showing("[id='runners:table'] tbody", "runner-ui"));
    waitFor(d -> showing(".rn-disk", "12.0 GiB free of 100.0 GiB"));
    assertTrue(showing(".rn-gpu", "nvenc_usable: yes"), text("[id='runners:table'] tbody"));
    assertTrue(showing(".rn-gpu", "detail: NVIDIA L4"));
    browser.findElement(By.xpath("//button[.//span[text()='Drain']]")).click();
    confirm();
    waitFor(d -> showing("[id='runners:table'] tbody", "draining"));
    screenshot("runners");
    browser.findElement(By.xpath("//button[.//span[text()='Enable']]")).click();
    waitFor(d -> !showing("[id='runners:table'] tbody", "draining"));
  }

  @Test
  @Order(6)
  void statisticsDrawChartsAndTheCsvDownloadsWithTheSession() throws Exception {
    open("/admin/statistics.xhtml");
    waitFor(d -> d.findElements(By.cssSelector(".rn-chart canvas")).size() == 4);
    assertTrue(text("#count").startsWith("1 "), text("#count"));
    Thread.sleep(500); // let Chart.js finish drawing before the screenshot
    screenshot("statistics");

    String href = browser.findElement(By.id("stats:csv")).getAttribute("href");
    String path = URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery();
    Cookie session = browser.manage().getCookieNamed("JSESSIONID");
    HttpResponse<String> csv = get(path, session.getValue());
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    List<String> lines = csv.body().lines().toList();
    assertEquals("task_id,date,task_type,status,app_name,app_version,etab_name", lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(firstTask + ",")), csv.body());
    HttpResponse<String> past =
        get("/admin/download/statistics.csv?from=2000-01-01&to=2000-12-31", session.getValue());
    assertEquals(1, past.body().lines().count(), "a range without outcomes has the header only");
  }

  @Test
  @Order(7)
  void theLogPageFindsWhatHappened() throws Exception {
    open("/admin/logs.xhtml");
    waitFor(d -> showing("[id='logs:table'] tbody", "Accepted task"));
    browser.findElement(By.id("logs:search")).sendKeys("restarted by");
    waitFor(d -> showing("[id='logs:table'] tbody", "Task " + firstTask + " restarted by"));
    waitFor(d -> !showing("[id='logs:table'] tbody", "Accepted task"));
    screenshot("logs");
  }

  @Test
  @Order(8)
  void aTokenIssuedOnThePageWorksOnceShownAndStopsWhenRevoked() throws Exception {
    open("/admin/credentials.xhtml");
    waitFor(d -> showing("[id='accounts:users'] tbody", "ops"));
    assertTrue(showing("[id='accounts:users'] tbody", "admin"));
    browser.findElement(By.id("tokens:label")).sendKeys("Pod test instance");
    browser.findElement(By.id("tokens:create")).click();
    String token = waitFor(d -> d.findElements(By.id("issued")).isEmpty() ? null : text("#issued"));
    assertEquals(43, token.strip().length(), token);
    screenshot("credentials");
    assertEquals(200, asClient("/task/list", token.strip()).statusCode(), "the new token works");

    open("/admin/credentials.xhtml");
    waitFor(d -> showing("[id='tokens:table'] tbody", "Pod test instance"));
    String page = browser.getPageSource();
    assertFalse(page.contains(token.strip()), "shown once only");
    assertFalse(page.contains("pbkdf2-sha256$"), "no password hash on the page");
    browser.findElement(By.xpath("//button[.//span[text()='Revoke']]")).click();
    confirm();
    waitFor(d -> showing("[id='tokens:table'] tbody", "revoked"));
    assertEquals(401, asClient("/task/list", token.strip()).statusCode(), "revoked at once");
  }

  @Test
  @Order(9)
  void aReloadReadsTheTokensFromTheConfigFileWithoutARestart() throws Exception {
    assertEquals(401, asClient("/task/list", "from-the-file").statusCode());
    Files.writeString(CONFIG_FILE, "runnel.manager.client-tokens=" + CLIENT + ",from-the-file\n");
    open("/admin/credentials.xhtml");
    waitFor(d -> showing("[id='accounts:users'] tbody", "ops"));
    browser.findElement(By.id("accounts:reload")).click();
    waitFor(d -> showing(".ui-growl", "Configuration reloaded: client tokens 2"));
    assertEquals(200, asClient("/task/list", "from-the-file").statusCode(), "read again");
    assertEquals(200, asClient("/task/list", CLIENT).statusCode());
  }

  private HttpResponse<String> asClient(String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(manager() + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(10)
  void aLostOrForgedSessionOrALogoutLeadsBackToTheLogin() throws Exception {
    open("/admin/index.xhtml");
    waitFor(d -> showing("[id='dash:runners'] tbody", "runner-ui"));
    browser.manage().deleteCookieNamed("JSESSIONID");
    waitFor(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));

    browser.manage().deleteAllCookies();
    browser.manage().addCookie(new Cookie("JSESSIONID", "forged-session-id"));
    open("/admin/index.xhtml");
    waitFor(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));

    logIn("ops", "ops password");
    waitFor(d -> d.getCurrentUrl().contains("/admin/index.xhtml"));
    assertTrue(text(".rn-user").contains("ops"));
    String loggedIn = browser.manage().getCookieNamed("JSESSIONID").getValue();
    assertFalse(loggedIn.equals("forged-session-id"), "a new session id after login");

    browser.findElement(By.id("nav:logout")).click();
    waitFor(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
    open("/admin/tasks.xhtml");
    waitFor(d -> d.getCurrentUrl().contains("/admin/login.xhtml"));
    assertEquals(302, get("/admin/index.xhtml", loggedIn).statusCode(), "the old session is gone");
  }

  @Test
  @Order(11)
  void redirectsIgnoreTheHostHeaderAndTheSessionCookieIsLockedDown() throws Exception {
    int port = base.getPort();
    RawHttp.Reply asked =
        RawHttp.send(port, "GET /admin/tasks.xhtml?view=all HTTP/1.1\r\nHost: evil.example", null);
    assertEquals(302, asked.status());
    assertEquals("/admin/login.xhtml", asked.header("Location"), "relative, not from Host");
    String cookie = asked.header("Set-Cookie");
    assertTrue(cookie.startsWith("JSESSIONID="), cookie);
    List<String> attributes = List.of(cookie.toLowerCase(java.util.Locale.ROOT).split(";\\s*"));
    assertTrue(attributes.contains("httponly"), cookie);
    assertTrue(attributes.contains("samesite=strict"), cookie); // Payara writes "strict"
    assertFalse(attributes.contains("secure"), "plain HTTP without admin-url: " + cookie);
    String session = cookie.substring(0, cookie.indexOf(';'));

    RawHttp.Reply form =
        RawHttp.send(
            port,
            "GET /admin/login.xhtml HTTP/1.1\r\nHost: evil.example\r\nCookie: " + session,
            null);
    java.util.regex.Matcher state =
        java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
            .matcher(form.body());
    assertTrue(state.find(), form.body());
    String body =
        "login=login&login%3Ausername=ops&login%3Apassword=ops+password&login%3Asubmit="
            + "&jakarta.faces.ViewState="
            + java.net.URLEncoder.encode(state.group(1), java.nio.charset.StandardCharsets.UTF_8);
    RawHttp.Reply loggedIn =
        RawHttp.send(
            port,
            "POST /admin/login.xhtml HTTP/1.1\r\nHost: evil.example\r\nCookie: "
                + session
                + "\r\nContent-Type: application/x-www-form-urlencoded",
            body);
    assertEquals(302, loggedIn.status(), loggedIn.body());
    assertEquals(
        "/admin/tasks.xhtml?view=all",
        loggedIn.header("Location"),
        "back to the page asked for, relative");
  }

  @Test
  @Order(12)
  void failedLoginsAreThrottledPerAccountAndAddressThenASuccessClears() throws Exception {
    open("/admin/login.xhtml");
    for (int i = 1; i <= 3; i++) {
      logInAgain("ops", "wrong " + i);
      waitFor(d -> showing(".ui-messages-error", "Unknown user name or wrong password"));
    }
    // 2 free failures, then 8 s: even the right password waits, and so does another account here
    logInAgain("ops", "ops password");
    waitFor(d -> showing(".ui-messages-error", "Too many failed logins"));
    java.util.regex.Pattern wait =
        java.util.regex.Pattern.compile(
            "for this user name or from this address: try again in ([1-8]) s\\.");
    assertTrue(wait.matcher(text(".ui-messages-error")).find(), text(".ui-messages-error"));
    screenshot("login-throttled");
    logInAgain("admin", PASSWORD);
    waitFor(d -> showing(".ui-messages-error", "Too many failed logins"));
    assertTrue(browser.getCurrentUrl().contains("/admin/login.xhtml"), "the address waits too");
    java.util.regex.Matcher left = wait.matcher(text(".ui-messages-error"));
    assertTrue(left.find(), text(".ui-messages-error"));

    Thread.sleep(Integer.parseInt(left.group(1)) * 1000L + 500);
    logIn("ops", "ops password");
    waitFor(d -> d.getCurrentUrl().contains("/admin/") && !d.getCurrentUrl().contains("login"));
    assertTrue(text(".rn-user").contains("ops"));
  }
}
