package io.finrelay.demo;

import io.finrelay.server.FinrelayServer;
import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * The server with the demo beside it: what {@code bin/finrelay start} runs. The demo runs unless
 * {@code FINRELAY_DEMO=false} (or {@code --finrelay.demo.enabled=false}); then this is Finrelay alone.
 * The product is {@link FinrelayServer}, which knows nothing of the demo or the sandbox.
 */
public final class FinrelayDemo {
    private FinrelayDemo() {}

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(FinrelayServer.class, DemoLauncher.class);
        app.setDefaultProperties(Map.of(
                "finrelay.demo.enabled", "${FINRELAY_DEMO:true}",
                "finrelay.demo.reports", "${FINRELAY_DEMO_REPORTS:300}"));
        app.run(args);
    }
}
