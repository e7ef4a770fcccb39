package io.finrelay.server.kafka;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tenants' Kafka event streams ({@code finrelay.kafka}): where each tenant's business events go and which
 * topic Finrelay takes events in from. Empty by default: then no event is announced and no consumer runs. The
 * server README's "Kafka" section shows an example.
 *
 * @param tenants     one entry per tenant
 * @param sendTimeout how long one publish (or one lookup) may take before its outcome is unknown
 */
@ConfigurationProperties("finrelay.kafka")
public record EventStreamProperties(@DefaultValue List<Tenant> tenants, @DefaultValue("10s") Duration sendTimeout) {

    public EventStreamProperties {
        tenants = List.copyOf(tenants);
        if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("finrelay.kafka.send-timeout must be positive: " + sendTimeout);
        }
        if (tenants.stream().map(Tenant::tenant).distinct().count() != tenants.size()) {
            throw new IllegalArgumentException("finrelay.kafka.tenants: one entry per tenant");
        }
    }

    /**
     * One tenant's stream.
     *
     * @param tenant           the tenant's id or its slug
     * @param bootstrapServers {@code host:port[,host:port...]} of the tenant's Kafka cluster
     * @param topic            where its business events are published; unset: none are
     * @param inboundTopic     where Finrelay takes its inbound events from; unset: no consumer
     * @param groupId          the consumer group of the inbound consumer
     */
    public record Tenant(String tenant, String bootstrapServers, String topic, String inboundTopic,
                         @DefaultValue("finrelay") String groupId) {
        public Tenant {
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("finrelay.kafka.tenants[].tenant (id or slug) is required");
            }
            if (bootstrapServers == null || !bootstrapServers.matches("[^,\\s]+:\\d{1,5}(,[^,\\s]+:\\d{1,5})*")) {
                throw new IllegalArgumentException("finrelay.kafka.tenants[" + tenant
                        + "].bootstrap-servers must be host:port[,host:port...]: " + bootstrapServers);
            }
            for (String name : new String[] {topic, inboundTopic}) {
                if (name != null && !name.matches("[a-zA-Z0-9._-]{1,249}")) {
                    throw new IllegalArgumentException("finrelay.kafka.tenants[" + tenant + "]: not a Kafka topic name: " + name);
                }
            }
            if (topic == null && inboundTopic == null) {
                throw new IllegalArgumentException("finrelay.kafka.tenants[" + tenant + "] needs a topic, an inbound-topic or both");
            }
        }
    }
}
