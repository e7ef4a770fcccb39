package io.finrelay.server.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver: installed by the project's script
 * ({@code bin/install-chromium}) when missing, never downloaded by a test tool. The flags keep it off
 * the network beyond the page under test (this machine's network is closed) and out of the sandbox a
 * root user cannot use.
 */
final class Chromium {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    static ChromeDriver start() {
        install();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        try {
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    // A partner's own host names (white-label) reach the test's server on this machine.
                    "--host-resolver-rules=MAP *.example 127.0.0.1",
                    "--user-data-dir=" + Files.createTempDirectory("finrelay-chromium-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static synchronized void install() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        Path script = script();
        try {
            Process p = new ProcessBuilder(script.toString()).inheritIO().start();
            if (p.waitFor() != 0 || !Files.isExecutable(DRIVER)) {
                throw new IllegalStateException(script + " could not install Chromium (exit " + p.exitValue()
                        + "): the console's browser tests need Debian's chromium and chromium-driver");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code bin/install-chromium} of this repository, found by walking up from the module. */
    private static Path script() {
        for (File dir = new File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            Path candidate = dir.toPath().resolve("bin/install-chromium");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bin/install-chromium not found above " + new File("").getAbsolutePath());
    }
}
