package io.almanac.ops.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, installed by scripts/install-test-deps.sh) driven through WebDriver against a
 * real server and two real agents. It checks what the page shows (services and their states, a
 * task's output while it runs) and that its buttons (retry, skip, abort) do what they say.
 */
class OpsStatusPageIT {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private OpsCluster cluster;
  private ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    assertThat(new File(CHROMEDRIVER))
        .as("chromium-driver is installed by scripts/install-test-deps.sh")
        .exists();
    cluster = new OpsCluster(dir, Duration.ofSeconds(5), null, null);
    cluster.serverArgs("--status-check-interval", "1s");
    cluster.startServer();
    cluster.startAgent("h1");
    cluster.startAgent("h2");
    cluster.awaitConnected("h1", "h2");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + dir.resolve("chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withLogFile(dir.resolve("chromedriver.log").toFile())
            .build();
    browser = new ChromeDriver(service, options);
    // Every request of the page (fetch and EventSource alike) carries the admin token.
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand(
        "Network.setExtraHTTPHeaders",
        Map.of("headers", Map.of("Authorization", "Bearer " + cluster.serverToken("admin.token"))));
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    cluster.close();
    for (String host : List.of("h1", "h2")) {
      Path pid = cluster.agentDir(host).resolve("services/demo/daemon/pid");
      OpsCluster.killPid(pid);
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
  }

  private void open() {
    browser.get(cluster.base(cluster.port()) + "/");
  }

  /** Opens the request's detail by clicking its id in the requests table. */
  private void select(long requestId) {
    By link = By.cssSelector("#requests a[data-id='" + requestId + "']");
    waiting().until(ExpectedConditions.elementToBeClickable(link)).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail"), "Request " + requestId));
  }

  private String taskStatus(long taskId) {
    return browser
        .findElement(By.cssSelector("#detail tr[data-task='" + taskId + "'] td.status"))
        .getText();
  }

  private void awaitTaskStatus(long taskId, String status) {
    waiting()
        .withMessage(() -> "task " + taskId + " to show " + status + " on the page")
        .until(
            d -> {
              try {
                return taskStatus(taskId).equals(status);
              } catch (org.openqa.selenium.NoSuchElementException
                  | org.openqa.selenium.StaleElementReferenceException e) {
                return false;
              }
            });
  }

  private void awaitRequestStatus(String status) {
    waiting()
        .withMessage(() -> "the request to show " + status)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("request-status"), status));
  }

  /** Clicks a button of the task's row (the page redraws every 2 s: found afresh each time). */
  private void click(long taskId, String buttonClass) {
    By button = By.cssSelector("#detail tr[data-task='" + taskId + "'] button." + buttonClass);
    waiting().until(ExpectedConditions.elementToBeClickable(button)).click();
  }

  private static long taskId(JsonNode request, int stage, String host) {
    return OpsCluster.task(request, stage, host).get("taskId").asLong();
  }

  @Test
  void theServicesTableShowsEachComponentsLiveStateOnEachHost() throws Exception {
    ObjectNode def = OpsCluster.JSON.createObjectNode();
    ObjectNode daemon = def.putArray("components").addObject();
    daemon.put("name", "daemon").put("category", "WORKER");
    daemon.putArray("hosts").add("h1").add("h2");
    daemon
        .putObject("scripts")
        .put("install", "true")
        .put("start", "nohup sleep 300 > /dev/null 2>&1 & echo $! > \"$ALMANAC_STATE_DIR/pid\"")
        .put("stop", "kill $(cat \"$ALMANAC_STATE_DIR/pid\") 2>/dev/null; true")
        .put(
            "status",
            "kill -0 $(cat \"$ALMANAC_STATE_DIR/pid\" 2>/dev/null) 2>/dev/null && exit 0; exit 3");
    HttpResponse<String> put = cluster.put("/api/v1/services/demo", def.toString());
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    HttpResponse<String> started =
        cluster.post("/api/v1/services/demo/actions", "{\"action\":\"START\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    cluster.awaitStatus(OpsCluster.json(started).get("id").asLong(), "COMPLETED", WAIT);

    open();
    for (String host : List.of("h1", "h2")) {
      By state =
          By.cssSelector(
              "#services tr[data-service='demo'][data-component='daemon'][data-host='"
                  + host
                  + "'] td.state");
      waiting().until(ExpectedConditions.textToBePresentInElementLocated(state, "STARTED"));
    }

    // The daemon on h2 dies: the agent's next check finds it, and the page shows it.
    OpsCluster.killPid(cluster.agentDir("h2").resolve("services/demo/daemon/pid"));
    By h2 =
        By.cssSelector(
            "#services tr[data-service='demo'][data-component='daemon'][data-host='h2'] td.state");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(h2, "INSTALLED"));
    assertThat(
            browser
                .findElement(
                    By.cssSelector(
                        "#services tr[data-component='daemon'][data-host='h1'] td.state"))
                .getText())
        .isEqualTo("STARTED");
  }

  @Test
  void aTasksOutputIsShownLiveAndAHoldingTaskIsRetriedFromThePage() throws Exception {
    Path marker = dir.resolve("tried-once");
    // The first attempt prints a line, runs on past the agent's 5 s progress reports, and fails;
    // the second finds the marker and succeeds.
    String command =
        "if [ -f "
            + marker
            + " ]; then echo second attempt; exit 0; fi; touch "
            + marker
            + "; echo first line; sleep 12; echo failing >&2; exit 4";
    long id =
        cluster.submit(
            "{\"name\":\"flaky\",\"holdOnFailure\":true,\"stages\":["
                + "{\"name\":\"try\",\"tasks\":[{\"host\":\"h1\",\"command\":"
                + OpsCluster.str(command)
                + ",\"timeoutSeconds\":60}]},"
                + "{\"name\":\"after\",\"tasks\":[{\"host\":\"h2\",\"command\":\"echo after\"}]}]}");
    long task = taskId(cluster.request(id), 1, "h1");

    open();
    select(id);
    click(task, "follow");
    // Live: the output of the running attempt, before it has finished.
    waiting()
        .withMessage("the live panel to show the running task's first line")
        .until(
            d ->
                d.findElement(By.id("live-status")).getText().equals("IN_PROGRESS")
                    && d.findElement(By.id("live-output")).getText().contains("first line"));
    // Then the final output, and the stream ends.
    waiting()
        .until(
            d ->
                d.findElement(By.id("live-output")).getText().contains("failing")
                    && "true".equals(d.findElement(By.id("live")).getAttribute("data-ended")));
    assertThat(browser.findElement(By.id("live-status")).getText()).isEqualTo("HOLDING_FAILED");

    awaitTaskStatus(task, "HOLDING_FAILED");
    awaitRequestStatus("HOLDING");
    assertThat(cluster.request(id).get("stages").get(1).get("status").asText())
        .as("no later stage runs while the request holds")
        .isEqualTo("PENDING");

    click(task, "retry");
    awaitRequestStatus("COMPLETED");
    JsonNode done = cluster.request(id);
    assertThat(OpsCluster.task(done, 1, "h1").get("attempt").asInt()).isEqualTo(2);
    assertThat(OpsCluster.task(done, 1, "h1").get("stdoutTail").asText())
        .contains("second attempt");
    assertThat(OpsCluster.task(done, 2, "h2").get("status").asText()).isEqualTo("COMPLETED");
    assertThat(Files.readString(cluster.dir().resolve("server").resolve("audit.log")))
        .contains("RETRY")
        .contains("task=" + task);
  }

  @Test
  void aHoldingTaskIsSkippedAndARunningRequestAbortedFromThePage() throws Exception {
    long id =
        cluster.submit(
            "{\"name\":\"skip then abort\",\"holdOnFailure\":true,\"stages\":["
                + "{\"name\":\"broken\",\"tasks\":[{\"host\":\"h2\",\"command\":\"exit 3\"}]},"
                + "{\"name\":\"long\",\"tasks\":[{\"host\":\"h1\",\"command\":\"sleep 600\"}]}]}");
    JsonNode request = cluster.request(id);
    long broken = taskId(request, 1, "h2");
    long longRunning = taskId(request, 2, "h1");

    open();
    select(id);
    awaitTaskStatus(broken, "HOLDING_FAILED");
    // A refused action is shown, not swallowed: retry of a task that is not holding.
    HttpResponse<String> notHolding =
        cluster.post("/api/v1/requests/" + id + "/tasks/" + longRunning + "/retry", "");
    assertThat(notHolding.statusCode()).isEqualTo(409);
    assertThat(notHolding.body()).contains("is PENDING, not holding");

    click(broken, "skip");
    awaitTaskStatus(broken, "SKIPPED_FAILED");
    awaitTaskStatus(longRunning, "IN_PROGRESS");
    awaitRequestStatus("IN_PROGRESS");

    By abort = By.id("abort");
    waiting().until(ExpectedConditions.elementToBeClickable(abort)).click();
    awaitRequestStatus("ABORTED");
    awaitTaskStatus(longRunning, "ABORTED");
    WebElement message = browser.findElement(By.id("message"));
    assertThat(message.getText()).isEmpty();
  }
}
