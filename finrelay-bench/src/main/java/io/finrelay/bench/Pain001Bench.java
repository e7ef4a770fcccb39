package io.finrelay.bench;

import io.finrelay.formats.iso20022.pain001.Pain001File;
import io.finrelay.formats.iso20022.pain001.Pain001Version;
import io.finrelay.formats.iso20022.pain001.Pain001Writer;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.PaymentInstructionId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.payment.PaymentInstruction;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

/**
 * pain.001 written per second for a payment run of N payments (what a payment run's connector does:
 * {@link Pain001Writer}, the official XSD check included), next to its limit in the same run: the
 * JDK's validation of the same bytes against the same XSD, which every file must pass anyway.
 */
final class Pain001Bench {
    record Result(int payments, int bytes, double writeMillis, double validateMillis) {
        double paymentsPerSecond() {
            return payments / (writeMillis / 1000.0);
        }

        double limitPerSecond() {
            return payments / (validateMillis / 1000.0);
        }

        double ratio() {
            return paymentsPerSecond() / limitPerSecond();
        }
    }

    private Pain001Bench() {}

    static Result run(int payments, int rounds) throws Exception {
        List<PaymentInstruction> run = payments(payments);
        Pain001Writer writer = new Pain001Writer(Pain001Version.V09, Clock.fixed(Instant.parse("2026-03-30T09:00:00Z"),
                ZoneOffset.UTC));
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Schema schema = factory.newSchema(Pain001Writer.class.getResource(Pain001Version.V09.schemaResource()));
        double bestWrite = Double.MAX_VALUE;
        double bestValidate = Double.MAX_VALUE;
        int bytes = 0;
        for (int r = 0; r < rounds + 1; r++) { // the first round warms up
            long t0 = System.nanoTime();
            Pain001File file = writer.write("PR20260401-" + r, "Hanseatic Trading AG", run);
            long t1 = System.nanoTime();
            schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(file.content())));
            long t2 = System.nanoTime();
            bytes = file.content().length;
            if (r > 0) {
                bestWrite = Math.min(bestWrite, (t1 - t0) / 1e6);
                bestValidate = Math.min(bestValidate, (t2 - t1) / 1e6);
            }
            System.err.printf(Locale.ROOT, "  round %d: written in %.0f ms, validated again in %.0f ms (%d bytes)%n", r,
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, bytes);
        }
        return new Result(payments, bytes, bestWrite, bestValidate);
    }

    /** N supplier payments from one house account, to German IBANs, in euro, for one execution date. */
    static List<PaymentInstruction> payments(int n) {
        TenantId tenant = new TenantId(UUID.fromString("0e7f4c8a-3b9d-4f21-8a6e-5c2d1b0a9f87"));
        BankAccount debtor = BankAccount.of(Iban.of("DE44500105175407324931"), Bic.of("INGDDEFFXXX"), "Hanseatic Trading AG");
        List<PaymentInstruction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String bban = "37040044" + String.format("%010d", 400000000L + i);
            int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
            Iban iban = Iban.of(String.format("DE%02d%s", check, bban));
            out.add(new PaymentInstruction(new PaymentInstructionId(new UUID(7L, i)), tenant, debtor, "Lieferant " + i + " GmbH",
                    BankAccount.of(iban, "Lieferant " + i + " GmbH"), Money.ofMinor(10_000 + i * 37L % 900_000,
                    java.util.Currency.getInstance("EUR")), LocalDate.of(2026, 4, 1), String.format("%032x-1", i),
                    "Rechnung RE-2026-" + i, Optional.empty()));
        }
        return out;
    }

    static String report(Result r) {
        return String.format(Locale.ROOT, "Machine: %d cores, %d MiB max heap, %s %s, Java %s; date %s%n%n"
                        + "| payments in the run | file | written (best) | payments/s | limit: XSD validation of the same bytes | ratio |%n"
                        + "|---:|---:|---:|---:|---:|---:|%n| %d | %.1f MB | %.0f ms | %.0f | %.0f payments/s | %.2fx |%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                LocalDate.now(Clock.systemUTC()), r.payments(), r.bytes() / 1e6, r.writeMillis(), r.paymentsPerSecond(),
                r.limitPerSecond(), r.ratio());
    }
}
