package io.finrelay.connectors.kafka;

import java.util.Objects;

/**
 * Where a tenant's business events go: a Kafka cluster ({@code bootstrapServers}, {@code host:port,...}) and a topic.
 * The server checks the addresses against its outbound address policy before it hands one over.
 */
public record EventStream(String bootstrapServers, String topic) {
    public EventStream {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        Objects.requireNonNull(topic, "topic");
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("not a Kafka topic name: " + topic);
        }
    }
}
