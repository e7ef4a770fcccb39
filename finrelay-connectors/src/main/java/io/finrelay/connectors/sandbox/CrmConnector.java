package io.finrelay.connectors.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.order.OrderCommands;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The tenant's CRM, modelled on Salesforce's REST API (v60.0): order to cash writes its own fields back
 * with {@code PATCH /services/data/v60.0/sobjects/{Order|Opportunity|Account}/{id}} (the order's credit
 * status and ERP references; the account's open receivables, exposure, days sales outstanding and last
 * payment), and reads the records a change event names with {@code GET} of the same path. A PATCH sets
 * fields to values, so sending it again after a lost answer changes nothing: nothing to look up.
 */
public final class CrmConnector implements Connector {
    public static final String API = "/services/data/v60.0/sobjects/";
    /** Salesforce record ids: 15 or 18 letters and digits. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{15,18}");

    private final Function<TenantId, Optional<PeerEndpoint>> endpoints;
    private final PeerHttp http = new PeerHttp("crm");

    /** @param endpoints the tenant's CRM (empty: none configured) */
    public CrmConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String name() {
        return OrderCommands.CRM;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no CRM configured");
        }
        ObjectNode fields = PeerHttp.JSON.createObjectNode();
        String path;
        if (command.is(OrderCommands.UPDATE_ORDER)) {
            OrderCommands.OrderStatus o = command.payload(OrderCommands.UPDATE_ORDER);
            fields.put("Finrelay_Credit_Status__c", o.creditStatus());
            // an Opportunity has no fields for the ERP's references
            if ("Order".equals(o.sobject())) {
                fields.put("Finrelay_Erp_Sale__c", o.erpSale());
                fields.put("Finrelay_Erp_Invoice__c", o.erpInvoice());
            }
            path = record(o.sobject(), o.id());
        } else if (command.is(OrderCommands.UPDATE_ACCOUNT)) {
            OrderCommands.AccountFigures a = command.payload(OrderCommands.UPDATE_ACCOUNT);
            fields.put("Finrelay_Open_Receivables__c", a.openReceivables());
            fields.put("Finrelay_Exposure__c", a.exposure());
            fields.put("Finrelay_Days_Sales_Outstanding__c", a.daysSalesOutstanding());
            fields.put("Finrelay_Last_Payment_Date__c", a.lastPaymentDate() == null ? null : a.lastPaymentDate().toString());
            path = record("Account", a.accountId());
        } else {
            return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
        }
        if (path == null) {
            return new Delivery.Permanent("the CRM record id of command " + command.commandId() + " is not a Salesforce id");
        }
        return http.patch(endpoint.get(), path, fields.toString());
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        // A PATCH sets values: sending it again is safe, so an unknown outcome is settled by resending.
        return new Lookup.NotFound();
    }

    /**
     * The record as the CRM holds it now; empty when the CRM does not know it.
     *
     * @throws IllegalStateException when the CRM cannot be asked (down, refused, not configured)
     */
    public Optional<JsonNode> fetch(TenantId tenant, String sobject, String id) {
        PeerEndpoint endpoint = endpoints.apply(tenant)
                .orElseThrow(() -> new IllegalStateException("tenant " + tenant + " has no CRM configured"));
        String path = record(sobject, id);
        if (path == null) {
            return Optional.empty();
        }
        return switch (http.get(endpoint, path)) {
            case Lookup.Found f -> {
                try {
                    yield Optional.ofNullable(PeerHttp.JSON.readTree(f.resultJson()));
                } catch (IOException e) {
                    throw new IllegalStateException("the CRM answered " + path + " with no JSON");
                }
            }
            case Lookup.NotFound n -> Optional.empty();
            case Lookup.Unreachable u -> throw new IllegalStateException(u.reason());
        };
    }

    private static String record(String sobject, String id) {
        if (id == null || !ID.matcher(id).matches()
                || !(sobject.equals("Order") || sobject.equals("Opportunity") || sobject.equals("Account"))) {
            return null;
        }
        return API + sobject + "/" + id;
    }
}
