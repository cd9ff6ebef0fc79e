package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.transfer.bundle.BundleManifest;
import dev.baton.transfer.data.FashionMnistConverter;
import dev.baton.transfer.train.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, through chromium-driver) against the
 * real platform: a submitter signs in, uploads a dataset, submits a job through the form, watches
 * it reach 100 % with points on its curves, promotes the version to production, reads a version's
 * test evaluation (confusion matrix as a table), predicts a held-out image, walks to a page by keyboard
 * only and deletes the dataset after a dialog; a viewer is offered no submit or promote; a wrong key,
 * and a key that stops working mid-session, get the sign-in again; the browser logs no error. Screenshots of every page go to {@code target/console-screenshots}.
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
        waitText(By.id("who-role"), "admin");
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

        // Test evaluation. The trained version has none (an upload keeps <class>/<file> only, so no test
        // split reaches the trainer): its row says so. A version whose bundle records one shows it as tables.
        waitText(By.cssSelector("section[data-model='" + name + "'] tbody"), "no test split");
        String evaluated = name + "-eval";
        publishEvaluatedVersion(platform, evaluated);
        go("#/jobs");
        go("#/models");
        By evaluate = By.cssSelector("section[data-model='" + evaluated + "'] button.evaluate[data-version='1']");
        WebElement evaluateButton = waitFor(evaluate, Duration.ofSeconds(10));
        assertEquals("false", evaluateButton.getAttribute("aria-expanded"));
        evaluateButton.click();
        WebElement matrix = waitFor(By.cssSelector("#evaluation-" + evaluated + " table.confusion"),
                Duration.ofSeconds(10));
        assertEquals("true", browser.findElement(evaluate).getAttribute("aria-expanded"));
        assertEquals("60.0 %", browser.findElement(By.cssSelector("#evaluation-" + evaluated + " .test-accuracy"))
                .getText());
        assertEquals(List.of("True \\ predicted", "Trouser", "Bag", "Sneaker"),
                texts(matrix.findElements(By.cssSelector("thead th[scope='col']"))));
        assertEquals(CLASSES, texts(matrix.findElements(By.cssSelector("tbody th[scope='row']"))));
        assertEquals(List.of("4", "2", "0"), texts(matrix.findElements(By.cssSelector("td.diagonal"))));
        assertEquals("2", matrix.findElement(By.cssSelector("td[data-true='Bag'][data-predicted='Trouser']")).getText());
        assertTrue(matrix.findElement(By.tagName("caption")).getText().contains("rows are the true class"));
        WebElement perClass = browser.findElement(By.cssSelector("#evaluation-" + evaluated + " table:not(.confusion)"));
        assertTrue(perClass.getText().contains("Sneaker – 0.0 % 2"), perClass.getText());
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", matrix);
        shot("models-evaluation");

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

        // Keyboard only: Tab from the top to the Models link, Enter opens the page.
        ((JavascriptExecutor) browser).executeScript("document.querySelector('header .brand').focus();");
        for (int i = 0; i < 10 && !String.valueOf(activeHref()).endsWith("#/models"); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertEquals("#/models", activeHref(), "Tab reaches the Models link");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        waitText(By.cssSelector("main#view h1"), "Models");
        assertEquals("page", browser.findElement(By.cssSelector("#nav a[href='#/models']")).getAttribute("aria-current"));

        // Datasets: delete asks in a dialog first; "Keep it" keeps the dataset.
        go("#/datasets");
        By delete = By.cssSelector("button[aria-label='Delete dataset " + name + "']");
        waitFor(delete, Duration.ofSeconds(10)).click();
        WebElement dialog = waitFor(By.id("confirm-dialog"), Duration.ofSeconds(5));
        assertTrue(dialog.getText().contains("Delete dataset " + name + "?"), dialog.getText());
        assertEquals("confirm-no", browser.switchTo().activeElement().getAttribute("id"), "the safe button has focus");
        shot("datasets-delete");
        browser.findElement(By.id("confirm-no")).click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.numberOfElementsToBe(
                By.id("confirm-dialog"), 0));
        assertFalse(browser.findElements(delete).isEmpty(), "Keep it kept the dataset");
        browser.findElement(delete).click();
        waitFor(By.id("confirm-yes"), Duration.ofSeconds(5)).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.numberOfElementsToBe(delete, 0));

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

        // A key that stops working mid-session (here replaced in sessionStorage): the next page's request
        // gets a 401 and the sign-in comes back, the page's content gone.
        signIn(RealPlatform.ADMIN_KEY);
        waitText(By.id("who-role"), "admin");
        go("#/jobs");
        waitFor(By.cssSelector("tr[data-job]"), Duration.ofSeconds(10));
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('baton.apiKey', 'revoked-key');");
        go("#/models");
        waitText(By.id("login-error"), "Your key was not accepted: sign in again.");
        assertTrue(browser.findElement(By.id("api-key")).isDisplayed());
        assertFalse(browser.findElement(By.id("view")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("main#view *")).isEmpty(), "the page's content is gone");
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('baton.apiKey');"),
                "the refused key is forgotten");
        shot("login-after-401");
        // The gateway's 401s are the one error the browser may report: Chrome logs every failed request.
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            assertTrue(entry.getLevel().intValue() < Level.SEVERE.intValue()
                    || (entry.getMessage().contains("/api/v1/") && entry.getMessage().contains("401")),
                    "browser log: " + entry);
        }
    }

    /**
     * Publishes version 1 of a model whose bundle manifest records a test evaluation (60 % of 10 images),
     * written from the trainer's own record types, as a trainer publishes it.
     */
    private static void publishEvaluatedVersion(RealPlatform platform, String model) throws IOException {
        Path folder = Files.createTempDirectory("baton-evaluated-");
        Files.write(folder.resolve("parameters.params"), new byte[] {1, 2, 3});
        int[][] matrix = {{4, 0, 0}, {2, 2, 0}, {1, 1, 0}};
        BundleManifest manifest = new BundleManifest(BundleManifest.SCHEMA_VERSION, "mobilenet_v2", "test", null,
                "probability", null, null, CLASSES, 64, null, null, List.of(),
                new ValidationReport(0.5, 0.7, CLASSES, null), 1, 1, new ValidationReport(0.9, 0.6, CLASSES, matrix),
                null, "2026-12-06T18:00:00Z", "console-test");
        new ObjectMapper().writeValue(folder.resolve(ObjectKeys.BUNDLE_MANIFEST).toFile(), manifest);
        new AtomicPublisher(platform.store()).publishFolder(ObjectKeys.MODELS_BUCKET,
                ObjectKeys.modelVersionPrefix(model, 1), folder, Map.of("jobId", "console-test",
                        "metric.val_accuracy", "0.7", "metric.test_accuracy", "0.6"));
    }

    private static List<String> texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).toList();
    }

    private static String activeHref() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.activeElement && document.activeElement.getAttribute('href');");
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
