package io.finrelay.connectors.erp.tryton;

import io.finrelay.model.id.TenantId;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real Tryton server for the ITs, once per JVM: runs the peer's {@code start.sh} (installs the
 * Debian packages on first use, creates the database, picks a free port), reads {@code run/env}, and
 * stops the server at JVM exit if this JVM started it. State lives in {@code tryton.home} (the
 * module's build dir by default), so builds do not share a database with anyone else.
 */
public final class TrytonPeer {
    public static final TenantId TENANT = new TenantId(UUID.fromString("7e0a7000-0000-4000-8000-000000000001"));
    private static TrytonPeer instance;

    private final Path home;
    private final Path script;
    private final Map<String, String> env;
    private final long startMillis;
    private TrytonSetup.Facts facts;

    private TrytonPeer(Path home, Path script, Map<String, String> env, long startMillis) {
        this.home = home;
        this.script = script;
        this.env = env;
        this.startMillis = startMillis;
    }

    public static synchronized TrytonPeer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TrytonPeer start() {
        Path home = Path.of(System.getProperty("tryton.home", System.getenv().getOrDefault("TRYTON_HOME",
                Path.of("target", "tryton-peer").toAbsolutePath().toString())));
        Path script = findScript();
        long t0 = System.nanoTime();
        boolean wasRunning = run(script, home, "status") == 0;
        int rc = run(script, home, "start");
        if (rc != 0) {
            throw new IllegalStateException("start.sh failed (exit " + rc + "); see " + home.resolve("run/start.out"));
        }
        Map<String, String> env = readEnv(home.resolve("run/env"));
        if (!wasRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run(script, home, "stop")));
        }
        return new TrytonPeer(home, script, env, (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code shared/peers/tryton/start.sh} beside the repository (CI clones it there), found by walking up. */
    static Path findScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            for (Path candidate : List.of(dir.resolve("shared/peers/tryton/start.sh"),
                    dir.resolve("../shared/peers/tryton/start.sh"))) {
                if (Files.isExecutable(candidate)) {
                    return candidate.normalize();
                }
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/peers/tryton/start.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int run(Path script, Path home, String action) {
        try {
            Files.createDirectories(home.resolve("run"));
            ProcessBuilder pb = new ProcessBuilder(script.toString(), action)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("run/start.out").toFile()));
            pb.environment().put("TRYTON_HOME", home.toString());
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("start.sh " + action + " did not finish in 15 minutes");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readEnv(Path file) {
        try {
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return env;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public TrytonConfig config() {
        return TrytonConfig.of(TENANT, URI.create(env.get("TRYTON_URL")), env.get("TRYTON_DB"), env.get("TRYTON_USER"),
                env.get("TRYTON_PASSWORD")).withJournalCode(TrytonSetup.JOURNAL);
    }

    /** The business set-up (company, chart, years, parties...), made once per JVM; idempotent across runs. */
    public synchronized TrytonSetup.Facts facts() {
        if (facts == null) {
            facts = TrytonSetup.ensure(new TrytonClient(config()));
        }
        return facts;
    }

    public Path home() {
        return home;
    }

    public Path script() {
        return script;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public long startMillis() {
        return startMillis;
    }

    public File scriptDir() {
        return script.getParent().toFile();
    }
}
