package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A partner's operations tool (an incident desk, a chat bridge) that takes Finrelay's monitor webhooks
 * as a Standard Webhooks receiver does: {@code POST /webhooks/{channel}} (a channel per subscriber,
 * e.g. per tenant) with {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}; the
 * signature is checked with the channel's secret ({@code POST /_sandbox/secret {"channel": "...",
 * "secret": "whsec_..."}}) by this peer's own Standard Webhooks code, the timestamp must be within five
 * minutes of its clock, and a webhook-id it has already taken is answered 200 and not taken again. A bad signature or a stale timestamp is 401. Every request is recorded
 * with its headers, raw body and verdict ({@code GET /_sandbox/state}: {@code requests}, {@code accepted}),
 * whatever the fault knobs made it answer.
 */
final class OpsToolPeer extends Peer {
    static final long TOLERANCE_SECONDS = 300;
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> accepted = new CopyOnWriteArrayList<>();
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, String> secrets = new ConcurrentHashMap<>();

    OpsToolPeer(int port, Clock clock) throws IOException {
        super("ops-tool", port, clock);
    }

    @Override
    Reply handle(Request r) {
        if (!(r.method().equals("POST") && r.path().startsWith("/webhooks/"))) {
            return Reply.of(404, error("no route " + r.method() + " " + r.path()));
        }
        String channel = r.path().substring("/webhooks/".length());
        String id = r.headers().get("webhook-id");
        String timestamp = r.headers().get("webhook-timestamp");
        String signature = r.headers().get("webhook-signature");
        String verdict = verdict(secrets.get(channel), id, timestamp, signature, r.rawBody());
        ObjectNode record = JSON.createObjectNode();
        record.put("channel", channel);
        record.put("webhookId", id);
        record.put("timestamp", timestamp);
        record.put("signature", signature);
        record.put("rawBody", r.rawBody());
        record.set("body", r.body());
        record.put("verdict", verdict);
        record.put("receivedAt", clock.instant().toString());
        requests.add(record);
        if (!verdict.equals("valid")) {
            return Reply.of(401, error(verdict));
        }
        if (taken.add(channel + "/" + id)) {
            accepted.add(record);
            return Reply.of(200, JSON.createObjectNode().put("taken", true));
        }
        return Reply.of(200, JSON.createObjectNode().put("taken", false).put("duplicate", true));
    }

    private String verdict(String secret, String id, String timestamp, String signature, String body) {
        if (secret == null) {
            return "no secret configured for this channel";
        }
        if (id == null || timestamp == null || signature == null) {
            return "webhook-id, webhook-timestamp and webhook-signature are required";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "webhook-timestamp is not Unix seconds";
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > TOLERANCE_SECONDS) {
            return "webhook-timestamp is not within " + TOLERANCE_SECONDS + " s of now";
        }
        byte[] expected = Webhooks.sign(secret, id, seconds, body).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signature.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return "valid";
            }
        }
        return "signature does not match";
    }

    @Override
    Reply adminExtra(Request r) {
        if ((r.method() + " " + r.path()).equals("POST /_sandbox/secret")) {
            JsonNode given = r.body() == null ? null : r.body().get("secret");
            JsonNode channel = r.body() == null ? null : r.body().get("channel");
            if (given == null || !given.asText().startsWith("whsec_") || channel == null) {
                return Reply.of(400, error("a channel and a whsec_ secret are required"));
            }
            secrets.put(channel.asText(), given.asText());
            return Reply.of(200, JSON.createObjectNode().put("ok", true));
        }
        return super.adminExtra(r);
    }

    @Override
    JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode all = state.putArray("requests");
        requests.forEach(all::add);
        ArrayNode ok = state.putArray("accepted");
        accepted.forEach(ok::add);
        return state;
    }

    @Override
    void clear() {
        requests.clear();
        accepted.clear();
        taken.clear();
    }
}
