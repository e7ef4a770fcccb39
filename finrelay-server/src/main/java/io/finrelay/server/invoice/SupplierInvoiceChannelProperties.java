package io.finrelay.server.invoice;

import io.finrelay.server.bank.BankProperties;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The supplier-invoice channels this node polls ({@code finrelay.supplier-invoices.channels}): a watched
 * directory or an SFTP server per tenant and connection, configured exactly as a bank channel
 * ({@link BankProperties.Channel}: tenant-id, connection, type, path, host, port, user, secret, host-key,
 * remote-dir, poll-interval). Empty by default: then no poller runs. {@code maxFileBytes} is the largest
 * file taken in; a larger one is quarantined.
 */
@ConfigurationProperties("finrelay.supplier-invoices")
public record SupplierInvoiceChannelProperties(@DefaultValue List<BankProperties.Channel> channels,
                                               @DefaultValue("32MB") DataSize maxFileBytes) {

    public SupplierInvoiceChannelProperties {
        channels = List.copyOf(channels);
        if (maxFileBytes == null || maxFileBytes.toBytes() < 1) {
            throw new IllegalArgumentException("finrelay.supplier-invoices.max-file-bytes must be positive: " + maxFileBytes);
        }
        long names = channels.stream().map(c -> c.tenantId() + "/" + c.connection()).distinct().count();
        if (names != channels.size()) {
            throw new IllegalArgumentException("finrelay.supplier-invoices.channels: a tenant's connection names must be unique");
        }
    }
}
