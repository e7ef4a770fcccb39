package io.finrelay.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * Runs the sandbox as its own process: {@code java io.finrelay.sandbox.SandboxMain [basePort]}.
 * Prints one line {@code SANDBOX READY {"expense-platform":"http://...",...}} when every peer
 * listens, then runs until its standard input closes (so it ends with the process that started it)
 * or it is killed.
 */
public final class SandboxMain {
    public static final String READY = "SANDBOX READY ";

    private SandboxMain() {}

    public static void main(String[] args) throws IOException {
        int basePort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (Sandbox sandbox = Sandbox.start(Clock.systemUTC(), basePort)) {
            String urls = sandbox.urls().entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                    .collect(Collectors.joining(",", "{", "}"));
            System.out.println(READY + urls);
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // Keep running until the parent closes our stdin.
            }
        }
    }
}
