package io.finrelay.server.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.sandbox.SandboxMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The sandbox peers in a process of their own, for one test only (their ledgers hold nothing else). */
record PeersProcess(Process process, Map<String, String> urls) implements AutoCloseable {
    static PeersProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(SandboxMain.READY)) {
                JsonNode json = new ObjectMapper().readTree(line.substring(SandboxMain.READY.length()));
                Map<String, String> urls = new LinkedHashMap<>();
                json.properties().forEach(e -> urls.put(e.getKey(), e.getValue().asText()));
                return new PeersProcess(process, urls);
            }
        }
        throw new IllegalStateException("the sandbox process ended before it was ready");
    }

    String url(String peer) {
        return urls.get(peer);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
