package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Outbound webhooks of a peer, signed per the Standard Webhooks spec: headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} = {@code v1,} + base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}, keyed with the base64-decoded part of a
 * {@code whsec_...} secret. A delivery that is not answered 2xx is retried with backoff (the same
 * webhook-id each time). The {@code duplicateWebhooks} knob sends each one twice; the
 * {@code outOfOrderWebhooks} knob sends a batch in reverse order.
 */
final class Webhooks {
    /** Where to deliver, with the secret to sign with. */
    record Subscription(String url, String secret) {}

    private final Clock clock;
    private final Faults faults;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();

    Webhooks(Clock clock, Faults faults) {
        this.clock = clock;
        this.faults = faults;
    }

    void subscribe(String url, String secret) {
        subscriptions.removeIf(s -> s.url().equals(url));
        subscriptions.add(new Subscription(url, secret));
    }

    /** No more webhooks to anyone. */
    void unsubscribeAll() {
        subscriptions.clear();
    }

    /** No more webhooks to {@code url} (a platform whose subscriber is gone: only a poll finds its reports). */
    void unsubscribe(String url) {
        subscriptions.removeIf(s -> s.url().equals(url));
    }

    /**
     * Sends a batch of events to every subscriber, in the background, in order per subscriber (unless
     * the knob says otherwise). Each subscriber has its own lane, as on a real webhook platform, so a
     * subscriber that is down and being retried does not hold back the others.
     */
    void publish(List<ObjectNode> events) {
        List<ObjectNode> batch = new ArrayList<>(events);
        if (faults.outOfOrderWebhooks) {
            java.util.Collections.reverse(batch);
        }
        List<String> ids = batch.stream().map(e -> "msg_" + UUID.randomUUID().toString().replace("-", "")).toList();
        for (Subscription s : subscriptions) {
            pending.incrementAndGet();
            lanes.computeIfAbsent(s.url(), url -> Executors.newSingleThreadExecutor(Thread.ofVirtual().factory()))
                    .execute(() -> {
                        try {
                            for (int i = 0; i < batch.size(); i++) {
                                deliver(s, ids.get(i), batch.get(i));
                                if (faults.duplicateWebhooks) {
                                    deliver(s, ids.get(i), batch.get(i));
                                }
                            }
                        } finally {
                            pending.decrementAndGet();
                        }
                    });
        }
    }

    /** Webhooks still being delivered (the demo waits for none). */
    int pending() {
        return pending.get();
    }

    private void deliver(Subscription s, String id, JsonNode event) {
        String body = event.toString();
        for (int attempt = 1; attempt <= 10; attempt++) {
            long timestamp = clock.instant().getEpochSecond();
            int status;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(s.url()))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("webhook-id", id)
                        .header("webhook-timestamp", String.valueOf(timestamp))
                        .header("webhook-signature", sign(s.secret(), id, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ObjectNode record = Peer.JSON.createObjectNode().put("webhookId", id).put("url", s.url())
                    .put("attempt", attempt).put("status", status).put("at", clock.instant().toString());
            record.set("event", event);
            sent.add(record);
            if (status >= 200 && status < 300) {
                return;
            }
            Peer.pause(Math.min(5_000, 100L << Math.min(attempt, 6)));
        }
    }

    ArrayNode sentJson() {
        ArrayNode all = Peer.JSON.createArrayNode();
        sent.forEach(all::add);
        return all;
    }

    void clear() {
        sent.clear();
    }

    /** The Standard Webhooks signature header value. */
    static String sign(String secret, String id, long timestamp, String body) {
        try {
            String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot sign with this secret", e);
        }
    }
}
