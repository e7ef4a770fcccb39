package io.finrelay.server.kafka;

import io.finrelay.connectors.kafka.EventStream;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.Tenants;
import io.finrelay.server.web.PeerUrlPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The tenants' Kafka streams as configured, checked at the edge: every bootstrap address must pass the outbound
 * address policy (a broker address is a way into the network like any peer URL: private, loopback and metadata
 * addresses are refused unless allow-listed in {@code finrelay.peers.allowed-hosts}), or the node does not
 * start. The brokers the cluster then advertises in its metadata are the operator's cluster's and are not
 * checked again (the streams are node configuration, not a tenant's input). A tenant named by its slug is
 * resolved once it exists.
 */
@Component
public class EventStreams {
    private final List<EventStreamProperties.Tenant> entries;
    private final Tenants tenants;
    private final Map<String, TenantId> resolved = new ConcurrentHashMap<>();

    public EventStreams(EventStreamProperties properties, PeerUrlPolicy peers, Tenants tenants) {
        this.entries = properties.tenants();
        this.tenants = tenants;
        for (EventStreamProperties.Tenant t : entries) {
            try {
                resolved.put(t.tenant(), new TenantId(UUID.fromString(t.tenant())));
            } catch (IllegalArgumentException aSlug) {
                // resolved once the tenant exists (resolve)
            }
            for (String server : t.bootstrapServers().split(",")) {
                peers.refusalOf("http://" + server).ifPresent(reason -> {
                    throw new IllegalStateException("finrelay.kafka.tenants[" + t.tenant() + "].bootstrap-servers: "
                            + server + " " + reason);
                });
            }
        }
    }

    /**
     * Whether {@code tenant} may publish business events, without I/O (the engine asks under an instance's lock):
     * true for a tenant configured by id or by a slug already resolved, and for every tenant while a slug of a
     * publishing entry is not resolved yet (its events are then announced and the connector, which may read the
     * database, sends only those of tenants with a stream).
     */
    public boolean mayPublish(TenantId tenant) {
        for (EventStreamProperties.Tenant t : entries) {
            if (t.topic() == null) {
                continue;
            }
            TenantId id = resolved.get(t.tenant());
            if (id == null || id.equals(tenant)) {
                return true;
            }
        }
        return false;
    }

    /** Where {@code tenant}'s business events go, if it publishes them. */
    public Optional<EventStream> outbound(TenantId tenant) {
        return entries.stream().filter(t -> t.topic() != null && tenant.equals(resolve(t.tenant()).orElse(null)))
                .findFirst().map(t -> new EventStream(t.bootstrapServers(), t.topic()));
    }

    /** The tenants that take events in from a topic. */
    public List<EventStreamProperties.Tenant> inbound() {
        return entries.stream().filter(t -> t.inboundTopic() != null).toList();
    }

    /** The tenant an entry names (its id, or its slug once the tenant exists). */
    public Optional<TenantId> resolve(String tenant) {
        TenantId known = resolved.get(tenant);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<TenantId> found;
        try {
            found = Optional.of(new TenantId(UUID.fromString(tenant)));
        } catch (IllegalArgumentException notAnId) {
            found = tenants.idOfSlug(tenant);
        }
        found.ifPresent(id -> resolved.put(tenant, id));
        return found;
    }
}
