package io.finrelay.formats.iso20022.pain001;

import io.finrelay.formats.xml.XmlOut;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.payment.PaymentInstruction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * Writes Finrelay payment instructions as a pain.001 credit transfer initiation, grouped into one
 * payment information block per debtor account, currency and requested execution date. Every
 * message is validated against the official XSD of its version before it is handed out: an
 * invalid file is our bug and must never reach a bank.
 *
 * <p>A block is SEPA when it pays euro from and to SEPA-country IBANs: it then carries service
 * level SEPA, charge bearer SLEV, and texts in the SEPA character set.
 */
public final class Pain001Writer {
    /** IBAN country codes of the SEPA scheme (EU, EEA, CH, GB, microstates and the Crown dependencies). */
    static final Set<String> SEPA_COUNTRIES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI",
            "NO", "CH", "GB", "SM", "VA", "MC", "AD", "GI", "GG", "JE", "IM", "AL", "MD", "ME", "MK");
    private static final int MAX_MESSAGE_ID = 30;
    private static final Map<Pain001Version, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private final Pain001Version version;
    private final Clock clock;

    public Pain001Writer(Pain001Version version, Clock clock) {
        this.version = version;
        this.clock = clock;
    }

    /**
     * @param messageId          unique per initiating party, at most 30 characters (the payment
     *                           information ids append {@code -n} and must fit 35)
     * @param initiatingParty    the name the bank knows the sender by
     */
    public Pain001File write(String messageId, String initiatingParty, List<PaymentInstruction> payments) {
        if (messageId == null || messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID
                || !messageId.chars().allMatch(c -> SepaText.allowed((char) c) && c != ' ')) {
            throw new ValidationException("messageId", messageId, "1 to 30 SEPA characters without spaces");
        }
        if (payments.isEmpty()) {
            throw new ValidationException("payments", payments, "a pain.001 holds at least one payment");
        }
        OffsetDateTime createdAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        List<Pain001File.Batch> batches = group(messageId, payments);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XmlOut w = new XmlOut(out);
            w.root("Document", version.namespace()).start("CstmrCdtTrfInitn");
            groupHeader(w, messageId, createdAt, initiatingParty, batches);
            for (Pain001File.Batch batch : batches) {
                paymentInformation(w, batch);
            }
            w.end().end().finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing pain.001 in memory failed", e);
        }
        byte[] content = out.toByteArray();
        validate(content);
        return new Pain001File(version, messageId, createdAt, content, batches);
    }

    private List<Pain001File.Batch> group(String messageId, List<PaymentInstruction> payments) {
        // SEPA and non-SEPA payments never share a block: a SEPA block may only hold SEPA transfers.
        record Key(String iban, String currency, java.time.LocalDate date, boolean sepa) {
        }
        Map<Key, List<PaymentInstruction>> groups = new LinkedHashMap<>();
        for (PaymentInstruction p : payments) {
            Key key = new Key(p.debtorAccount().iban().value(), p.amount().currencyCode(), p.requestedExecutionDate(),
                    isSepa(p));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<Key> keys = new ArrayList<>(groups.keySet());
        keys.sort(Comparator.comparing(Key::date).thenComparing(Key::iban).thenComparing(Key::currency)
                .thenComparing(Key::sepa));
        List<Pain001File.Batch> batches = new ArrayList<>();
        for (Key key : keys) {
            List<PaymentInstruction> members = groups.get(key);
            PaymentInstruction first = members.get(0);
            Money sum = Money.zero(first.amount().currency());
            for (PaymentInstruction p : members) {
                sum = sum.plus(p.amount());
            }
            batches.add(new Pain001File.Batch(messageId + "-" + (batches.size() + 1), first.debtorAccount().iban(),
                    first.amount().currency(), key.date(), key.sepa(), sum, members));
        }
        return batches;
    }

    static boolean isSepa(PaymentInstruction p) {
        return "EUR".equals(p.amount().currencyCode()) && SEPA_COUNTRIES.contains(p.debtorAccount().iban().country())
                && SEPA_COUNTRIES.contains(p.creditorAccount().iban().country());
    }

    private void groupHeader(XmlOut w, String messageId, OffsetDateTime createdAt, String initiatingParty,
            List<Pain001File.Batch> batches) throws XMLStreamException {
        w.start("GrpHdr");
        leaf(w, "MsgId", messageId);
        leaf(w, "CreDtTm", createdAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        int count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        for (Pain001File.Batch batch : batches) {
            count += batch.payments().size();
            sum = sum.add(batch.controlSum().amount());
        }
        leaf(w, "NbOfTxs", Integer.toString(count));
        leaf(w, "CtrlSum", sum.toPlainString());
        w.start("InitgPty");
        leaf(w, "Nm", SepaText.clean(initiatingParty, 70));
        w.end();
        w.end();
    }

    private void paymentInformation(XmlOut w, Pain001File.Batch batch) throws XMLStreamException {
        BankAccount debtor = batch.payments().get(0).debtorAccount();
        w.start("PmtInf");
        leaf(w, "PmtInfId", batch.paymentInformationId());
        leaf(w, "PmtMtd", "TRF");
        leaf(w, "NbOfTxs", Integer.toString(batch.payments().size()));
        leaf(w, "CtrlSum", batch.controlSum().amount().toPlainString());
        if (batch.sepa()) {
            w.start("PmtTpInf");
            w.start("SvcLvl");
            leaf(w, "Cd", "SEPA");
            w.end();
            w.end();
        }
        if (version.wrappedExecutionDate()) {
            w.start("ReqdExctnDt");
            leaf(w, "Dt", batch.executionDate().toString());
            w.end();
        } else {
            leaf(w, "ReqdExctnDt", batch.executionDate().toString());
        }
        party(w, "Dbtr", text(debtor.holderName(), batch.sepa(), 70));
        account(w, "DbtrAcct", debtor, batch.currency().getCurrencyCode());
        agent(w, "DbtrAgt", debtor.bic().orElse(null), true);
        leaf(w, "ChrgBr", batch.sepa() ? "SLEV" : "SHAR");
        for (PaymentInstruction p : batch.payments()) {
            transaction(w, p, batch.sepa());
        }
        w.end();
    }

    private void transaction(XmlOut w, PaymentInstruction p, boolean sepa) throws XMLStreamException {
        w.start("CdtTrfTxInf");
        w.start("PmtId");
        leaf(w, "InstrId", p.id().value().toString().replace("-", ""));
        leaf(w, "EndToEndId", p.endToEndId());
        w.end();
        w.start("Amt");
        w.leaf("InstdAmt", "Ccy", p.amount().currencyCode(), p.amount().amount().toPlainString());
        w.end();
        if (p.creditorAccount().bic().isPresent()) {
            agent(w, "CdtrAgt", p.creditorAccount().bic().get(), false);
        }
        party(w, "Cdtr", text(p.creditorName(), sepa, 70));
        account(w, "CdtrAcct", p.creditorAccount(), null);
        remittance(w, p, sepa);
        w.end();
    }

    private void remittance(XmlOut w, PaymentInstruction p, boolean sepa) throws XMLStreamException {
        String text = p.remittanceInformation() == null || p.remittanceInformation().isBlank() ? null
                : text(p.remittanceInformation(), sepa, 140);
        // SEPA allows either unstructured text or one structured reference, not both: the reference wins
        // because it is what the creditor's system matches automatically.
        boolean structured = p.creditorReference().isPresent();
        if (text == null && !structured) {
            return;
        }
        w.start("RmtInf");
        if (text != null && !(sepa && structured)) {
            leaf(w, "Ustrd", text);
        }
        if (structured) {
            w.start("Strd");
            w.start("CdtrRefInf");
            w.start("Tp");
            w.start("CdOrPrtry");
            leaf(w, "Cd", "SCOR");
            w.end();
            leaf(w, "Issr", "ISO");
            w.end();
            leaf(w, "Ref", p.creditorReference().get().value());
            w.end();
            w.end();
        }
        w.end();
    }

    private static void party(XmlOut w, String element, String name) throws XMLStreamException {
        w.start(element);
        leaf(w, "Nm", name);
        w.end();
    }

    private static void account(XmlOut w, String element, BankAccount account, String currency)
            throws XMLStreamException {
        w.start(element);
        w.start("Id");
        leaf(w, "IBAN", account.iban().value());
        w.end();
        if (currency != null) {
            leaf(w, "Ccy", currency);
        }
        w.end();
    }

    private void agent(XmlOut w, String element, Bic bic, boolean mandatory) throws XMLStreamException {
        w.start(element);
        w.start("FinInstnId");
        if (bic != null) {
            leaf(w, version.bicElement(), bic.value());
        } else if (mandatory) {
            // IBAN-only SEPA: the debtor agent is mandatory in the schema, so say "not provided".
            w.start("Othr");
            leaf(w, "Id", "NOTPROVIDED");
            w.end();
        }
        w.end();
        w.end();
    }

    private static String text(String value, boolean sepa, int maxLength) {
        if (sepa) {
            return SepaText.clean(value, maxLength);
        }
        String stripped = value.strip();
        return stripped.length() > maxLength ? stripped.substring(0, maxLength) : stripped;
    }

    private static void leaf(XmlOut w, String element, String value) throws XMLStreamException {
        w.leaf(element, value);
    }

    private void validate(byte[] content) {
        try {
            schema(version).newValidator().validate(new StreamSource(new ByteArrayInputStream(content)));
        } catch (SAXException e) {
            throw new IllegalStateException("Finrelay wrote a " + version.id() + " that its XSD refuses: " + e.getMessage()
                    + "\n" + new String(content, StandardCharsets.UTF_8), e);
        } catch (IOException e) {
            throw new IllegalStateException("validating in memory failed", e);
        }
    }

    static Schema schema(Pain001Version version) {
        return SCHEMAS.computeIfAbsent(version, v -> {
            try {
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                var url = Pain001Writer.class.getResource(v.schemaResource());
                if (url == null) {
                    throw new IllegalStateException("missing resource " + v.schemaResource());
                }
                return factory.newSchema(url);
            } catch (SAXException e) {
                throw new IllegalStateException("cannot load " + v.schemaResource(), e);
            }
        });
    }
}
