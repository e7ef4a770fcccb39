package io.finrelay.workflows.card;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.Side;
import io.finrelay.workflows.expense.ExpenseCommands;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The month-end accrual of a legal entity's corporate card transactions that no expense line explains yet:
 * the cost is in the month it was incurred although no report has booked it. One instance per tenant,
 * legal entity and month (business key {@code 2026-11:<legal entity id>}), so the accrual is posted once
 * however often the sweep runs after the month has ended.
 *
 * <p>It is an <b>auto-reversing</b> accrual: the journal dated the month's last day (debit the card
 * accrual expense account, credit the card liability account, one debit line per transaction so each is
 * traceable) and its reversal dated the next month's first day are sent together, in that order, through
 * the ERP connector's {@code post-journal}. The expense report that explains a transaction later books
 * the real expense; a transaction still unexplained at the next month end is accrued again.
 *
 * <pre>
 *   New --MonthClosed--> Posting   (post-journal: the accrual, then its reversal)
 *   Posting --(both outcomes)--> Posted
 * </pre>
 */
public final class CardAccrual implements WorkflowDefinition<CardAccrual.State, CardAccrual.Event> {
    public static final String TYPE = "card-accrual";
    public static final CommandType<JournalEntry> POST_JOURNAL = ExpenseCommands.POST_JOURNAL;

    /** One unexplained transaction: a charge (positive) or a refund (negative) in the billing currency. */
    public record Item(String transactionId, String cardAccount, String employeeId, String merchant,
                       LocalDate transactionDate, BigDecimal amount, String currency) {
        public Item {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(merchant, "merchant");
            Objects.requireNonNull(transactionDate, "transactionDate");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
        }
    }

    /** What a month leaves unexplained for one legal entity, and the tenant's accounts to book it on. */
    public record Accrual(String tenantId, String legalEntityId, String period, String expenseAccount,
                          String liabilityAccount, List<Item> items) {
        public Accrual {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(legalEntityId, "legalEntityId");
            YearMonth.parse(period);
            Objects.requireNonNull(expenseAccount, "expenseAccount");
            Objects.requireNonNull(liabilityAccount, "liabilityAccount");
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("an accrual needs at least one transaction");
            }
        }

        /** The business key: the month and the legal entity. */
        public String key() {
            return period + ":" + legalEntityId;
        }
    }

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    /** Both journals on their way; {@code erpRefs} of those the ERP has posted. */
    public record Posting(Accrual accrual, List<String> erpRefs) implements State {}

    public record Posted(Accrual accrual, List<String> erpRefs) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record MonthClosed(Accrual accrual) implements Event {}

    /** One of the two journals posted ({@code erpRef} empty when an operator settled it without one). */
    public record JournalPosted(String erpRef) implements Event {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public Class<Event> eventType() {
        return Event.class;
    }

    @Override
    public State initialState() {
        return new New();
    }

    @Override
    public Decision<State> decide(State state, Event event) {
        return switch (state) {
            case New n when event instanceof MonthClosed m -> Decision.<State>moveTo(new Posting(m.accrual(), List.of()))
                    .send(POST_JOURNAL, journal(m.accrual(), false))
                    .send(POST_JOURNAL, journal(m.accrual(), true));
            case Posting p when event instanceof JournalPosted j -> {
                List<String> refs = new ArrayList<>(p.erpRefs());
                refs.add(j.erpRef());
                yield refs.size() == 2 ? Decision.moveTo(new Posted(p.accrual(), refs))
                        : Decision.moveTo(new Posting(p.accrual(), refs));
            }
            default -> Decision.reject(event.name() + " does not apply to a card accrual in state " + state.name());
        };
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        if (!(state instanceof Posting) || !POST_JOURNAL.type().equals(outcome.type())) {
            return Optional.empty();
        }
        String ref = switch (outcome) {
            case CommandOutcome.Succeeded s -> erpRef(s.resultJson());
            case CommandOutcome.ResolvedByOperator r -> erpRef(r.resultJson());
            case CommandOutcome.Cancelled c -> "";
        };
        return Optional.of(new JournalPosted(ref));
    }

    private static String erpRef(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("erpRef").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * The accrual journal, dated the month's last day, or its reversal, dated the next month's first day (every
     * line on the other side). Per transaction a line on the accrual expense account (a charge debits it, a
     * refund credits it); per currency the net on the liability account. Its id is derived from the tenant,
     * entity, month and kind, so the same accrual is always the same journal.
     */
    public static JournalEntry journal(Accrual a, boolean reversal) {
        YearMonth month = YearMonth.parse(a.period());
        LocalDate date = reversal ? month.plusMonths(1).atDay(1) : month.atEndOfMonth();
        List<JournalLine> lines = new ArrayList<>();
        Map<String, BigDecimal> net = new TreeMap<>();
        AccountCode expense = AccountCode.of(a.expenseAccount());
        for (Item i : a.items()) {
            Currency currency = Currency.getInstance(i.currency());
            Side side = i.amount().signum() > 0 ? Side.DEBIT : Side.CREDIT;
            lines.add(new JournalLine(expense, reversal ? other(side) : side, Money.of(i.amount().abs(), currency),
                    Optional.empty(), memo("card " + i.transactionId() + " " + i.merchant() + " " + i.transactionDate())));
            net.merge(i.currency(), i.amount(), BigDecimal::add);
        }
        net.forEach((code, amount) -> {
            if (amount.signum() != 0) {
                Side side = amount.signum() > 0 ? Side.CREDIT : Side.DEBIT;
                lines.add(new JournalLine(AccountCode.of(a.liabilityAccount()), reversal ? other(side) : side,
                        Money.of(amount.abs(), Currency.getInstance(code)), Optional.empty(),
                        "card transactions without an expense report, " + a.period()));
            }
        });
        String kind = reversal ? "reversal" : "accrual";
        UUID id = UUID.nameUUIDFromBytes((a.tenantId() + "/card-accrual/" + a.key() + "/" + kind)
                .getBytes(StandardCharsets.UTF_8));
        String description = (reversal ? "Reversal of the card accrual " : "Card accrual ") + a.period() + ": "
                + a.items().size() + " transaction(s) without an expense report";
        return new JournalEntry(new JournalEntryId(id), TenantId.of(a.tenantId()), LegalEntityId.of(a.legalEntityId()),
                date, description, lines);
    }

    private static Side other(Side side) {
        return side == Side.DEBIT ? Side.CREDIT : Side.DEBIT;
    }

    private static String memo(String text) {
        return text.length() > 140 ? text.substring(0, 137) + "..." : text;
    }
}
