package io.finrelay.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndToEndMatcherTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 27);

    @Test
    void aDebitWithThePaymentsEndToEndIdAndAmountMatchesItsPayableAutomatically() {
        MatchResult result = new EndToEndMatcher().match(input(List.of(line("f:1", "E2E-PAY-0003", "412.80", null)),
                List.of(payable("PAY-0003", "E2E-PAY-0003", "412.80"), payable("PAY-0004", "E2E-PAY-0004", "99.00"))));

        assertEquals(1, result.matches().size());
        Match match = result.matches().get(0);
        assertEquals(List.of("f:1"), match.lineIds());
        assertEquals(List.of("PAY-0003"), match.itemIds());
        assertEquals(Match.Status.AUTO, match.status());
        assertEquals(List.of("PAY-0004"), result.unmatchedItemIds());
    }

    @Test
    void anotherAmountUnderTheSameEndToEndIdIsNotGuessedAt() {
        MatchResult result = new EndToEndMatcher().match(input(List.of(line("f:1", "E2E-PAY-0003", "412.08", null)),
                List.of(payable("PAY-0003", "E2E-PAY-0003", "412.80"))));

        assertEquals(List.of(), result.matches());
        assertEquals(List.of("f:1"), result.unmatchedLineIds());
    }

    @Test
    void aReturnNamesTheItemItReturnsAndItsReason() {
        BankStatementLine.ReturnDetails ac04 = new BankStatementLine.ReturnDetails("AC04", "closed account", "E2E-PAY-0003", null);
        MatchResult result = new EndToEndMatcher().match(input(List.of(line("f:2", null, "412.80", ac04)),
                List.of(payable("PAY-0003", "E2E-PAY-0003", "412.80"))));

        assertEquals(List.of(new MatchResult.Return("f:2", "PAY-0003", "E2E-PAY-0003", "AC04", "closed account")),
                result.returns());
        assertEquals(List.of(), result.matches());
    }

    @Test
    void aReturnOfAPaymentNotAmongTheItemsStillCarriesItsReference() {
        BankStatementLine.ReturnDetails ac04 = new BankStatementLine.ReturnDetails("AC04", null, "E2E-OLD-1", null);
        MatchResult result = new EndToEndMatcher().match(input(List.of(line("f:2", null, "10.00", ac04)), List.of()));

        assertNull(result.returns().get(0).itemId());
        assertEquals("E2E-OLD-1", result.returns().get(0).originalReference());
    }

    private static MatchInput input(List<Line> lines, List<OpenItem> items) {
        return new MatchInput(lines, items, List.of(), Settings.defaults(), Set.of());
    }

    private static Line line(String id, String endToEnd, String amount, BankStatementLine.ReturnDetails returned) {
        Direction direction = returned == null ? Direction.DEBIT : Direction.CREDIT;
        return new Line(id, "DE89370400440532013000", "DE01", new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, DAY, DAY,
                Money.of(amount, "EUR"), direction, false, null, null, endToEnd, null, null, "Jana Novak",
                "DE02120300000000202051", null, null, null, null, null, null, null, null, returned));
    }

    private static OpenItem payable(String id, String endToEnd, String amount) {
        return new OpenItem(id, OpenItem.Side.PAYABLE, "DE01", "Jana Novak", "DE02120300000000202051", null, null,
                endToEnd, null, Money.of(amount, "EUR"), DAY);
    }
}
