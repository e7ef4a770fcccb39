package io.finrelay.reconciliation;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Statement lines and open items of a German tenant (legal entity DE01, EUR account at Commerzbank). */
final class Fixtures {
    static final LocalDate NOV_27 = LocalDate.of(2026, 11, 27);
    static final String ACCOUNT = "DE89370400440532013000";
    static final String MUELLER_IBAN = "DE02120300000000202051";
    static final String SCHMIDT_IBAN = "DE75512108001245126199";

    /** Defaults with a EUR 15.00 fee tolerance. */
    static final Settings SETTINGS = new Settings(0.9, 0.1, Map.of("EUR", Money.of("15.00", "EUR")), new BigDecimal("0.02"),
            30, 4);

    private Fixtures() {}

    static MatchInput input(List<Line> lines, List<OpenItem> items) {
        return new MatchInput(lines, items, List.of(), SETTINGS, Set.of());
    }

    static LineBuilder credit(String id, String amount) {
        return new LineBuilder(id, amount, Direction.CREDIT);
    }

    static LineBuilder debit(String id, String amount) {
        return new LineBuilder(id, amount, Direction.DEBIT);
    }

    static OpenItem receivable(String id, String invoice, String amount, String name, String iban, LocalDate due) {
        return new OpenItem(id, OpenItem.Side.RECEIVABLE, "DE01", name, iban, invoice, null, null, null, Money.of(amount, "EUR"), due);
    }

    static OpenItem receivableRf(String id, String invoice, String rf, String amount) {
        return new OpenItem(id, OpenItem.Side.RECEIVABLE, "DE01", "Müller Maschinenbau GmbH", MUELLER_IBAN, invoice, rf, null, null,
                Money.of(amount, "EUR"), NOV_27);
    }

    static OpenItem payable(String id, String invoice, String endToEnd, String amount) {
        return new OpenItem(id, OpenItem.Side.PAYABLE, "DE01", "Schmidt Logistik AG", SCHMIDT_IBAN, invoice, null, endToEnd, null,
                Money.of(amount, "EUR"), NOV_27);
    }

    static final class LineBuilder {
        private final String id;
        private final Money amount;
        private final Direction direction;
        private String endToEnd;
        private String rf;
        private String text;
        private String name;
        private String iban;
        private String code;
        private String entryReference;
        private Money original;
        private LocalDate booked = NOV_27;
        private BankStatementLine.ReturnDetails returned;

        LineBuilder(String id, String amount, Direction direction) {
            this.id = id;
            this.amount = Money.of(amount, "EUR");
            this.direction = direction;
        }

        LineBuilder endToEnd(String v) {
            endToEnd = v;
            return this;
        }

        LineBuilder rf(String v) {
            rf = v;
            return this;
        }

        LineBuilder text(String v) {
            text = v;
            return this;
        }

        LineBuilder from(String counterpartyName, String counterpartyIban) {
            name = counterpartyName;
            iban = counterpartyIban;
            return this;
        }

        LineBuilder code(String v) {
            code = v;
            return this;
        }

        LineBuilder entryReference(String v) {
            entryReference = v;
            return this;
        }

        LineBuilder original(String v, String currency) {
            original = Money.of(v, currency);
            return this;
        }

        LineBuilder booked(LocalDate v) {
            booked = v;
            return this;
        }

        LineBuilder returned(String reason, String originalEndToEnd) {
            returned = new BankStatementLine.ReturnDetails(reason, null, originalEndToEnd, null);
            return this;
        }

        Line build() {
            return new Line(id, ACCOUNT, "DE01", new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, booked, booked, amount,
                    direction, false, null, entryReference, endToEnd, rf, text, name, iban, null, code, original, null, null,
                    null, null, null, returned));
        }
    }
}
