package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.transfer.data.FashionMnistConverter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, through chromium-driver) against the
 * real platform: a submitter signs in, uploads a dataset, submits a job through the form, watches
 * it reach 100 % with points on its curves, promotes the version to production and predicts a
 * held-out image; a viewer is offered no submit or promote; a wrong key gets the sign-in again; the
 * browser logs no error. Screenshots of every page go to {@code target/console-screenshots}.
 */
@ExtendWith(RealPlatform.class)
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = RealPlatform.ROOT.resolve("cli/target/console-screenshots");
    /** Three classes that look nothing alike, so one held-out image has one right answer. */
    private static final List<String> CLASSES = List.of("Trouser", "Bag", "Sneaker");
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "the browser test needs Debian's chromium and chromium-driver: "
                        + "apt-get install -y --no-install-recommends chromium chromium-driver (.ci/run does)");
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-GB", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is given: Selenium Manager is never asked to download one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void uploadTrainWatchPromoteAndPredictInTheBrowser() throws Exception {
        RealPlatform platform = RealPlatform.get();
        platform.ensureOfflineBase();
        Path data = Files.createTempDirectory("baton-console-");
        FashionMnistConverter.Result fashion = new FashionMnistConverter(FashionMnistConverter.DEBIAN_DIR)
                .convert(data, 30, 1, 23);
        keepOnly(fashion.trainDir());
        keepOnly(fashion.testDir());
        Path zip = data.resolve("fashion3.zip");
        try (InputStream in = FolderZipStream.of(fashion.trainDir())) {
            Files.copy(in, zip);
        }
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8);

        browser.get(platform.gateway() + "/console");
        signIn(RealPlatform.ADMIN_KEY);
        waitText(By.id("who-role"), "submitter");
        shot("jobs-empty");

        // Datasets: upload the zip, with a progress bar, and read its report.
        go("#/datasets");
        type(By.id("upload-name"), name);
        browser.findElement(By.id("upload-file")).sendKeys(zip.toString());
        browser.findElement(By.id("upload-button")).click();
        WebElement report = waitFor(By.id("dataset-report"), Duration.ofSeconds(60));
        assertTrue(report.getText().contains("90 images in 3 classes"), report.getText());
        assertEquals("100", browser.findElement(By.cssSelector("#upload-progress progress")).getAttribute("value"));
        shot("datasets");

        // Submit: the form starts from the API's defaults; a short feature-extraction job.
        go("#/submit");
        WebElement form = waitFor(By.id("job-form"), Duration.ofSeconds(10));
        assertEquals("auto", new Select(field("strategy")).getFirstSelectedOption().getAttribute("value"));
        assertEquals(BaseModelsCommand.OFFLINE_MOBILENET, new Select(field("pretrained")).getFirstSelectedOption()
                .getAttribute("value"));
        assertEquals("32", field("batchSize").getAttribute("value"));
        type(field("modelName"), name);
        new Select(field("dataset")).selectByValue(name);
        new Select(field("strategy")).selectByValue("feature_extraction");
        new Select(field("head")).selectByValue("gap");
        type(field("epochs"), "3");
        type(field("batchSize"), "16");
        type(field("learningRate"), "0.05");
        type(field("imageSize"), "64");
        type(field("validationSplit"), "0.2");
        type(field("seed"), "7");
        shot("submit");
        form.findElement(By.id("submit-job")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlMatches("#/jobs/[\\w.-]+$"));

        // Job: progress to 100 %, one point per epoch on the curves, the timeline to SUCCEEDED.
        waitText(By.id("job-state"), "SUCCEEDED", Duration.ofMinutes(10));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "100".equals(
                d.findElement(By.cssSelector("#job-progress progress")).getAttribute("value")));
        assertEquals("3", browser.findElement(By.id("loss-chart")).getAttribute("data-points"));
        assertEquals(3, browser.findElements(By.cssSelector("#timeline li[data-type='EPOCH']")).size());
        waitFor(By.cssSelector("#timeline li[data-type='SUCCEEDED']"), Duration.ofSeconds(20));
        shot("job");

        go("#/jobs");
        waitText(By.id("jobs-table"), "100 %");
        shot("jobs");

        // Models: promote version 1 to production, after a confirmation.
        go("#/models");
        By promote = By.cssSelector("section[data-model='" + name + "'] button.promote[data-version='1']");
        waitFor(promote, Duration.ofSeconds(10)).click();
        waitFor(By.id("confirm-yes"), Duration.ofSeconds(5)).click();
        waitText(By.cssSelector("section[data-model='" + name + "'] [data-alias='production']"), "production → v1");
        shot("models");

        // Predict: a held-out image through the production alias; the right class on top.
        String expected = "Bag";
        Path image;
        try (Stream<Path> files = Files.list(fashion.testDir().resolve(expected))) {
            image = files.sorted().findFirst().orElseThrow();
        }
        go("#/predict");
        new Select(waitFor(By.id("predict-model"), Duration.ofSeconds(10))).selectByValue(name);
        assertEquals("alias:production", new Select(browser.findElement(By.id("predict-target")))
                .getFirstSelectedOption().getAttribute("value"));
        browser.findElement(By.id("predict-file")).sendKeys(image.toString());
        browser.findElement(By.id("predict-button")).click();
        WebElement top = waitFor(By.cssSelector("#predict-bars li"), Duration.ofSeconds(30));
        assertEquals(expected, top.getAttribute("data-label"), browser.findElement(By.id("predict-result")).getText());
        assertEquals("1", browser.findElement(By.id("predict-version")).getText());
        shot("predict");

        go("#/bases");
        waitText(By.cssSelector("main#view table"), BaseModelsCommand.OFFLINE_MOBILENET);
        shot("bases");

        // A phone: the jobs page fits 390 px without sideways scrolling of the page.
        browser.manage().window().setSize(new Dimension(390, 844));
        go("#/jobs");
        waitFor(By.cssSelector("tr[data-job]"), Duration.ofSeconds(10));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(((Number) overflow).intValue() <= 0, "the page scrolls sideways by " + overflow + " px at 390 px");
        shot("jobs-phone");
        browser.manage().window().setSize(new Dimension(1280, 800));

        assertNoBrowserErrors();

        // A viewer: no submit, cancel, upload or promote.
        browser.findElement(By.id("sign-out")).click();
        signIn(RealPlatform.VIEWER_KEY);
        waitText(By.id("who-role"), "viewer");
        assertFalse(browser.findElement(By.cssSelector("#nav a[href='#/submit']")).isDisplayed());
        go("#/models");
        waitFor(By.cssSelector("section[data-model='" + name + "']"), Duration.ofSeconds(10));
        assertTrue(browser.findElements(By.cssSelector("button.promote")).isEmpty(), "a viewer is offered promote");
        assertTrue(browser.findElements(By.cssSelector("form.inline")).isEmpty(), "a viewer is offered alias moves");
        go("#/datasets");
        waitFor(By.id("datasets-table"), Duration.ofSeconds(10));
        assertTrue(browser.findElements(By.id("upload-form")).isEmpty(), "a viewer is offered uploads");
        go("#/submit");
        waitText(By.id("view"), "may view but not submit");
        assertTrue(browser.findElements(By.id("job-form")).isEmpty(), "a viewer is offered the job form");
        go("#/jobs");
        waitFor(By.cssSelector("tr[data-job]"), Duration.ofSeconds(10));
        assertTrue(browser.findElements(By.cssSelector("button.danger")).isEmpty(), "a viewer is offered cancel");
        shot("viewer-jobs");
        assertNoBrowserErrors();

        // A wrong key: the sign-in again, with the reason, and nothing of the platform shown.
        browser.findElement(By.id("sign-out")).click();
        signIn("not-a-key");
        waitText(By.id("login-error"), "That key is not valid.");
        assertFalse(browser.findElement(By.id("view")).isDisplayed());
        assertFalse(browser.findElement(By.id("nav")).isDisplayed());
        shot("login-wrong-key");
        // The gateway's 401 is the one error the browser may report: Chrome logs every failed request.
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            assertTrue(entry.getLevel().intValue() < Level.SEVERE.intValue()
                    || (entry.getMessage().contains("/api/v1/me") && entry.getMessage().contains("401")),
                    "browser log: " + entry);
        }
    }

    private static void keepOnly(Path split) throws IOException {
        try (Stream<Path> classes = Files.list(split)) {
            for (Path folder : classes.filter(c -> !CLASSES.contains(c.getFileName().toString())).toList()) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void signIn(String key) {
        WebElement input = waitFor(By.id("api-key"), Duration.ofSeconds(10));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOf(input));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#login-form button[type='submit']")).click();
    }

    private static void go(String hash) {
        ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0];", hash);
    }

    private static WebElement field(String name) {
        return browser.findElement(By.cssSelector("#job-form [name='" + name + "']"));
    }

    private static void type(By by, String text) {
        type(browser.findElement(by), text);
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private static WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(browser, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitText(By by, String text) {
        waitText(by, text, Duration.ofSeconds(20));
    }

    private static void waitText(By by, String text, Duration timeout) {
        new WebDriverWait(browser, timeout).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void shot(String page) throws IOException {
        Files.write(SHOTS.resolve(page + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static void assertNoBrowserErrors() {
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(severe.isEmpty(), "the browser logged errors: " + severe);
    }
}
