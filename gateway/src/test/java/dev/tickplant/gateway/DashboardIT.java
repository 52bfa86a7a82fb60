package dev.tickplant.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickplant.common.bus.Addresses;
import dev.tickplant.common.codec.Codecs;
import dev.tickplant.common.model.Channel;
import dev.tickplant.common.model.Status;
import dev.tickplant.common.model.StatusState;
import dev.tickplant.common.model.VenueStatus;
import dev.tickplant.common.symbol.InstrumentRegistry;
import dev.tickplant.common.testsupport.TestInstruments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), against a gateway
 * fed by the test {@code FakeNormalizer}: the page loads, connects, subscribes through the UI and shows live updates.
 * The screenshot is left at {@code target/dashboard.png}. Selenium is given the driver binary explicitly, so Selenium
 * Manager never runs (and never downloads anything).
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final InstrumentRegistry REGISTRY = TestInstruments.defaultRegistry();
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long VENUE_LAG_MS = 3_600_000;

    private Vertx vertx;
    private FakeNormalizer normalizer;
    private Path profile;
    private ChromeDriverService service;
    private WebDriver driver;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        Codecs.registerAll(vertx.eventBus());
        normalizer = new FakeNormalizer(vertx, REGISTRY, PARTITIONS, 150);
        // Venue time an hour behind receive time, so the chart's x shows which of the two it plots.
        normalizer.venueLagMs = VENUE_LAG_MS;
        normalizer.start().await(10, TimeUnit.SECONDS);
        GatewayConfig config = GatewayConfig.fromJson(new JsonObject()
                .put("host", "127.0.0.1")
                .put("port", 0)
                .put("demandIntervalMs", 200)
                .put("demandCoalesceMs", 10)
                .put("snapshotTimeoutMs", 1000)
                .put("snapshotRetryMinMs", 50)
                .put("snapshotRetryMaxMs", 200), Map.of()); // no keys configured: the default key "demo"
        GatewayVerticle gateway = new GatewayVerticle(config, REGISTRY, PARTITIONS, "gw-dashboard-it",
                new SimpleMeterRegistry());
        vertx.deployVerticle(gateway).await(10, TimeUnit.SECONDS);
        port = gateway.actualPort();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            normalizer.stop().await(5, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldServeThePageToBrowsersAndKeep426ForOtherPlainRequests() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = http.send(get("/").header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers()::toString);
        assertTrue(page.body().contains("id=\"symbol-input\""), page::body);

        HttpResponse<String> chart = http.send(get("/dashboard/vendor/uPlot.iife.min.js").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chart.statusCode());
        assertTrue(chart.body().contains("uPlot"));

        assertEquals(426, http.send(get("/").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, http.send(get("/dashboard/missing.js").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldSubscribeThroughTheUiAndShowLiveUpdates() throws Exception {
        driver = startChromium();
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));

        driver.get("http://127.0.0.1:" + port + "/");
        assertEquals("tickplant — live dashboard", driver.getTitle());
        wait.withMessage("connection status never became connected")
                .until(d -> "connected".equals(d.findElement(By.id("connection-status")).getDomAttribute("data-state")));

        driver.findElement(By.id("symbol-input")).sendKeys("EURUSD");
        driver.findElement(By.id("add-button")).click();

        By row = By.cssSelector("#quotes tr[data-symbol='EURUSD']");
        wait.withMessage("EURUSD row never showed a bid and an ask").until(d -> {
            WebElement r = d.findElement(row);
            return isNumber(r.findElement(By.className("bid")).getText())
                    && isNumber(r.findElement(By.className("ask")).getText());
        });
        WebElement eurusd = driver.findElement(row);
        String firstSeq = eurusd.getDomAttribute("data-seq");
        assertFalse(eurusd.findElement(By.className("time")).getText().isBlank());
        assertEquals("alltick", eurusd.findElement(By.className("venue")).getText());
        wait.withMessage("EURUSD row never updated after seq " + firstSeq)
                .until(d -> !firstSeq.equals(d.findElement(row).getDomAttribute("data-seq")));

        // Prices at the instrument's precision (EURUSD: 5 decimals; JSON drops trailing zeros, 1.08500 -> 1.085).
        wait.withMessage("EURUSD price scale never loaded").until(d -> "5".equals(d.findElement(row)
                .getDomAttribute("data-price-scale")));
        assertDecimals(driver.findElement(row), 5);
        // The chart plots the venue's time of the tick, not the browser's arrival time.
        wait.withMessage("EURUSD chart never plotted").until(d -> d.findElement(
                By.cssSelector(".chart[data-symbol='EURUSD']")).getDomAttribute("data-last-x") != null);
        long tickTime = Long.parseLong(driver.findElement(row).findElement(By.className("time"))
                .getDomAttribute("data-time"));
        assertTrue(tickTime < System.currentTimeMillis() - VENUE_LAG_MS / 2, "tick time " + tickTime);
        double lastX = Double.parseDouble(driver.findElement(By.cssSelector(".chart[data-symbol='EURUSD']"))
                .getDomAttribute("data-last-x"));
        assertTrue(lastX * 1000 < System.currentTimeMillis() - VENUE_LAG_MS / 2, "chart x " + lastX);

        // The status channel: the row shows the symbol's state, the venue list the venue's.
        long[] statusSeq = {0};
        long statusTimer = vertx.setPeriodic(200, id -> {
            long now = System.currentTimeMillis() * 1_000_000L;
            vertx.eventBus().publish(Addresses.marketData(Channel.STATUS, "EURUSD"),
                    new Status("EURUSD", "alltick", StatusState.LIVE, "streaming", now, now, ++statusSeq[0]));
        });
        try {
            wait.withMessage("EURUSD status never showed live").until(d ->
                    d.findElement(row).findElement(By.className("status")).getText().startsWith("live"));
            wait.withMessage("venue alltick never listed").until(d ->
                    !d.findElements(By.cssSelector("#venue-status li[data-venue='alltick'][data-state='live']"))
                            .isEmpty());
        } finally {
            vertx.cancelTimer(statusTimer);
        }

        // A quick pick adds a second symbol with its own chart.
        driver.findElement(By.cssSelector(".quick-pick[data-symbol='BTCUSDT']")).click();
        wait.withMessage("BTCUSDT row never showed a bid").until(d -> isNumber(
                d.findElement(By.cssSelector("#quotes tr[data-symbol='BTCUSDT'] .bid")).getText()));

        // A consolidated view's status lists its venues: the row sums them up, the venue list shows each one.
        long[] btcSeq = {0};
        long btcTimer = vertx.setPeriodic(200, id -> {
            long now = System.currentTimeMillis() * 1_000_000L;
            vertx.eventBus().publish(Addresses.marketData(Channel.STATUS, "BTCUSDT"),
                    new Status("BTCUSDT", "consolidated", StatusState.LIVE, "1 of 2 venues live: binance", now, now,
                            ++btcSeq[0], List.of(new VenueStatus("binance", StatusState.LIVE, "data flowing"),
                                    new VenueStatus("okx", StatusState.STALE, "no data for 31000 ms"))));
        });
        try {
            wait.withMessage("BTCUSDT status never summed up its venues").until(d -> d.findElement(
                    By.cssSelector("#quotes tr[data-symbol='BTCUSDT'] .status")).getText()
                    .equals("live · 1/2 venues live"));
            wait.withMessage("venue okx never listed as stale").until(d ->
                    !d.findElements(By.cssSelector("#venue-status li[data-venue='okx'][data-state='stale']"))
                            .isEmpty());
            assertTrue(driver.findElements(By.cssSelector("#venue-status li[data-venue='consolidated']")).isEmpty());
        } finally {
            vertx.cancelTimer(btcTimer);
        }

        // 700.HK: scale 3, tick 0.200, so its JSON prices never show more than one decimal (410.2).
        driver.findElement(By.cssSelector(".quick-pick[data-symbol='700.HK']")).click();
        By hk = By.cssSelector("#quotes tr[data-symbol='700.HK']");
        wait.withMessage("700.HK row never showed its price scale and a bid").until(d ->
                "3".equals(d.findElement(hk).getDomAttribute("data-price-scale"))
                        && isNumber(d.findElement(hk).findElement(By.className("bid")).getText()));
        assertDecimals(driver.findElement(hk), 3);

        assertEquals(1, driver.findElements(By.cssSelector(".chart[data-symbol='EURUSD'] canvas")).size());
        assertEquals(1, driver.findElements(By.cssSelector(".chart[data-symbol='BTCUSDT'] canvas")).size());
        assertEquals("", driver.findElement(By.id("messages")).getText());

        // Unknown symbols are reported and leave no row behind.
        driver.findElement(By.id("symbol-input")).sendKeys("EURUSDD");
        driver.findElement(By.id("add-button")).click();
        wait.withMessage("no UNKNOWN_SYMBOL message").until(d ->
                d.findElement(By.id("messages")).getText().contains("UNKNOWN_SYMBOL"));
        assertTrue(driver.findElements(By.cssSelector("#quotes tr[data-symbol='EURUSDD']")).isEmpty());

        // The screenshot shows charts with a few points: five more EURUSD ticks, and every chart plotted.
        long seqBeforeShot = Long.parseLong(driver.findElement(row).getDomAttribute("data-seq"));
        wait.withMessage("EURUSD row stopped updating before the screenshot").until(d ->
                Long.parseLong(d.findElement(row).getDomAttribute("data-seq")) >= seqBeforeShot + 5);
        wait.withMessage("a chart never plotted before the screenshot").until(d -> d.findElements(By.cssSelector(
                ".chart")).stream().allMatch(chart -> chart.getDomAttribute("data-last-x") != null));
        Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(SCREENSHOT) > 0);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
    }

    /** The row's bid and ask have exactly {@code decimals} decimal places. */
    private static void assertDecimals(WebElement row, int decimals) {
        String pattern = "\\d+\\.\\d{" + decimals + "}";
        for (String cell : new String[] {"bid", "ask"}) {
            String text = row.findElement(By.className(cell)).getText();
            assertTrue(text.matches(pattern), cell + " '" + text + "' does not have " + decimals + " decimals");
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private WebDriver startChromium() throws IOException {
        // Fail, never skip: CI must have the browser (.ci/run installs Debian's chromium and chromium-driver).
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install the Debian package chromium");
        assertTrue(Files.isExecutable(CHROMEDRIVER),
                CHROMEDRIVER + " is missing: install the Debian package chromium-driver");
        profile = Files.createTempDirectory("dashboard-it-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return chrome;
    }
}
