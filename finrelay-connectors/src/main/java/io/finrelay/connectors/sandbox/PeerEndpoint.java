package io.finrelay.connectors.sandbox;

import java.time.Duration;
import java.util.Objects;

/** Where one tenant's peer answers, and how long to wait for an answer before the outcome is unknown. */
public record PeerEndpoint(String baseUrl, Duration timeout) {
    public PeerEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
