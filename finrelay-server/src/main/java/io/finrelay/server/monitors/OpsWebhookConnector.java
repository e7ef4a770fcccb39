package io.finrelay.server.monitors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.connectors.net.AddressPolicy;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.bank.IbanMasker;
import io.finrelay.server.security.Access;
import io.finrelay.server.web.WebhookSignature;
import io.finrelay.workflows.monitor.StuckAlert;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Announces breaches to the tenant's operations tool: one POST per outbox command, signed as Standard
 * Webhooks ({@code webhook-id} = {@code msg_} + the command id, the same on every retry, so the receiver
 * takes each breach and each clearance once however often it is delivered; {@code webhook-timestamp}; and
 * {@code webhook-signature} v1, HMAC-SHA256 with the tenant's {@code whsec_} secret, by the same
 * {@link WebhookSignature} that checks the webhooks Finrelay receives). The URL is checked against the
 * outbound URL policy before every call. 2xx is done; 429 and 503 (with Retry-After), other 5xx, 408 and
 * no connection are retried; any other answer, or a URL the policy refuses, goes to the exception queue.
 * A tenant with no webhook set gets its breaches as exceptions only: the command is done, nothing sent.
 * Redirects are not followed (the client's default), so an answer cannot lead the call past the URL policy.
 */
@Component
public class OpsWebhookConnector implements Connector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final MonitorSettings settings;
    private final Access access;
    private final Clock clock;

    public OpsWebhookConnector(MonitorSettings settings, Access access, Clock clock) {
        this.settings = settings;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public String name() {
        return StuckAlert.CONNECTOR;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<MonitorSettings.Webhook> webhook = settings.webhook(access.configured(command.tenantId(), name()));
        if (webhook.isEmpty()) {
            return new Delivery.Done("{\"sent\":false,\"why\":\"the tenant has no operations webhook\"}");
        }
        StuckAlert.Announcement announcement = command.payload(command.is(StuckAlert.ANNOUNCE_BREACHED)
                ? StuckAlert.ANNOUNCE_BREACHED : StuckAlert.ANNOUNCE_CLEARED);
        byte[] body = body(command, announcement).getBytes(StandardCharsets.UTF_8);
        String id = webhookId(command);
        long timestamp = clock.instant().getEpochSecond();
        URI url = URI.create(webhook.get().url());
        try {
            AddressPolicy.check(url);
            // The answer's body is not read: a receiver's answer is its status (an endless body costs nothing).
            HttpResponse<Void> response = http.send(io.finrelay.connectors.net.TraceHeaders.current(java.net.http.HttpRequest.newBuilder(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", String.valueOf(timestamp))
                    .header("webhook-signature", WebhookSignature.sign(webhook.get().secret(), id, timestamp, body))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return classify(response);
        } catch (AddressPolicy.Refused e) {
            return new Delivery.Permanent("operations webhook refused by the outbound address policy: " + e.getMessage());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Delivery.Transient.of("operations webhook is not reachable: " + AddressPolicy.describe(e));
        } catch (HttpTimeoutException e) {
            return new Delivery.Unknown("operations webhook did not answer within " + TIMEOUT);
        } catch (IOException e) {
            return new Delivery.Unknown("operations webhook connection broke: " + AddressPolicy.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Unknown("interrupted while calling the operations webhook");
        }
    }

    /**
     * A receiver keeps no record Finrelay could ask for; sending again is safe, since it carries the same
     * {@code webhook-id}, by which a Standard Webhooks receiver drops a repeat.
     */
    @Override
    public Lookup lookup(CommandEnvelope command) {
        return new Lookup.NotFound();
    }

    static String webhookId(CommandEnvelope command) {
        return "msg_" + command.commandId().toString().replace("-", "");
    }

    private static Delivery classify(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Delivery.Done("{\"status\":" + status + "}");
        }
        String message = "operations webhook answered HTTP " + status;
        if (status == 429 || status == 503) {
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(OpsWebhookConnector::seconds);
            return new Delivery.Transient(message, retryAfter);
        }
        if (status >= 500 || status == 408) {
            return Delivery.Transient.of(message);
        }
        return new Delivery.Permanent(message);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.trim());
            return s >= 0 ? Optional.of(Duration.ofSeconds(Math.min(s, 3600))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The Standard Webhooks payload: {@code type}, {@code timestamp} and {@code data} with the breach (its
     * instance id as {@code breachId}), account numbers masked as in the exception.
     */
    private static String body(CommandEnvelope command, StuckAlert.Announcement a) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("type", a.type());
        root.put("timestamp", a.at().toString());
        ObjectNode data = root.putObject("data");
        data.put("tenantId", command.tenantId().value().toString());
        data.put("breachId", command.instanceId().toString());
        data.put("monitor", a.breach().monitor());
        data.put("subject", a.breach().subject());
        data.put("since", a.breach().since().toString());
        data.put("threshold", a.breach().threshold().toString());
        data.put("detectedAt", a.breach().detectedAt().toString());
        if (a.type().equals(StuckAlert.CLEARED)) {
            data.put("clearedAt", a.at().toString());
        }
        data.put("summary", IbanMasker.mask(a.breach().summary()));
        ObjectNode context = data.putObject("context");
        a.breach().context().forEach((k, v) -> context.put(k, IbanMasker.mask(v)));
        return root.toString();
    }
}
