package io.finrelay.server.invoice;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.formats.iso20022.pain001.Pain001File;
import io.finrelay.formats.iso20022.pain001.Pain001Version;
import io.finrelay.formats.iso20022.pain001.Pain001Writer;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.PaymentInstructionId;
import io.finrelay.model.payment.PaymentInstruction;
import io.finrelay.server.bank.BankOutbound;
import io.finrelay.workflows.invoice.PaymentRun;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends a payment run's pain.001 ({@value PaymentRun#BANK_FILES}): written by {@link Pain001Writer}
 * (pain.001.001.09, checked against the official XSD before it leaves), named after its message id,
 * and sent through the tenant's bank connection by {@link BankOutbound}. A resend after an unknown
 * outcome finds the file already in a directory outbox and writes nothing.
 */
final class PaymentFileConnector implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BankOutbound outbound;
    private final Clock clock;

    PaymentFileConnector(BankOutbound outbound, Clock clock) {
        this.outbound = outbound;
        this.clock = clock;
    }

    @Override
    public String name() {
        return PaymentRun.BANK_FILES;
    }

    static String fileName(PaymentRun.PaymentFile file) {
        return file.messageId() + ".pain001.xml";
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (!command.is(PaymentRun.SEND_FILE)) {
            return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
        }
        PaymentRun.PaymentFile file = command.payload(PaymentRun.SEND_FILE);
        Pain001File pain;
        try {
            BankAccount debtor = file.debtorBic() == null ? BankAccount.of(Iban.of(file.debtorIban()), file.debtorName())
                    : BankAccount.of(Iban.of(file.debtorIban()), Bic.of(file.debtorBic()), file.debtorName());
            List<PaymentInstruction> payments = file.lines().stream().map(l -> new PaymentInstruction(
                    new PaymentInstructionId(UUID.nameUUIDFromBytes(l.endToEndId().getBytes(StandardCharsets.UTF_8))),
                    command.tenantId(), debtor, l.payeeName(), BankAccount.of(Iban.of(l.iban()), l.payeeName()), l.amount(),
                    file.executionDate(), l.endToEndId(), l.remittance(), Optional.empty())).toList();
            pain = new Pain001Writer(Pain001Version.V09, clock).write(file.messageId(), file.initiatingParty(), payments);
        } catch (IllegalArgumentException e) {
            return new Delivery.Permanent("payment run " + file.runId() + " cannot be written as a pain.001: " + e.getMessage());
        }
        try {
            BankOutbound.Sent sent = outbound.send(command.tenantId(), file.connection(), fileName(file), pain.content());
            return new Delivery.Done(JSON.createObjectNode().put("fileName", sent.fileName()).put("where", sent.where())
                    .put("messageId", file.messageId()).put("payments", file.lines().size()).toString());
        } catch (UncheckedIOException e) {
            return Delivery.Transient.of("bank connection " + file.connection() + ": " + e.getMessage());
        }
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        PaymentRun.PaymentFile file = command.payload(PaymentRun.SEND_FILE);
        Optional<Boolean> sent = outbound.sent(command.tenantId(), file.connection(), fileName(file));
        if (sent.isEmpty()) {
            return new Lookup.NotFound();
        }
        return sent.get() ? new Lookup.Found(JSON.createObjectNode().put("fileName", fileName(file)).toString())
                : new Lookup.NotFound();
    }
}
