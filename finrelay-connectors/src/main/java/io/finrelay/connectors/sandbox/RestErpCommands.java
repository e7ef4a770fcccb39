package io.finrelay.connectors.sandbox;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.model.id.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Commands to a tenant's REST ERP, each posted to its own path with the command id as
 * Idempotency-Key, and looked up by that key after an unknown outcome before anything is sent again.
 * The subclasses name the commands and their paths.
 */
public class RestErpCommands implements Connector {
    private final String name;
    private final Function<TenantId, Optional<PeerEndpoint>> endpoints;
    private final Map<CommandType<?>, String> paths;
    private final PeerHttp http = new PeerHttp("erp");

    /** @param endpoints the tenant's REST ERP (empty: none configured); @param paths each command's path */
    protected RestErpCommands(String name, Function<TenantId, Optional<PeerEndpoint>> endpoints,
                              Map<CommandType<?>, String> paths) {
        this.name = name;
        this.endpoints = endpoints;
        this.paths = Map.copyOf(paths);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<String> path = paths.entrySet().stream().filter(e -> command.is(e.getKey())).map(Map.Entry::getValue)
                .findFirst();
        if (path.isEmpty()) {
            return new Delivery.Permanent("connector " + name + " does not know command type '" + command.type() + "'");
        }
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no erp endpoint configured");
        }
        return http.post(endpoint.get(), path.get(), command.idempotencyKey(), command.payloadJson());
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Lookup.Unreachable("tenant " + command.tenantId() + " has no erp endpoint configured");
        }
        return http.byIdempotencyKey(endpoint.get(), command.idempotencyKey());
    }
}
