package io.finrelay.workflows.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reconciliation match, from proposal to clearing in the ERP. A match the matcher is sure of
 * ({@code AUTO}) goes straight to clearing; a suggestion waits for a person to confirm or reject it.
 * The clearing is ONE outbox command of this instance, so it is sent exactly once however often a
 * match is confirmed (a second confirmation finds the instance in {@link Clearing} and is refused).
 * A bank return of a cleared match reverses its clearing in the ERP (one more command, exactly once)
 * and ends it as {@link Returned}; a return while the clearing is still on its way waits for the ERP's
 * answer first, so a clearing that lands after the return is reversed too.
 *
 * <pre>
 *   New --Proposed(auto)--> Clearing --ClearingDone--> Cleared --ReturnReported--> Reversing --ReversalDone--> Returned
 *   New --Proposed------> Suggested --Confirmed--> Clearing
 *                         Suggested --Rejected--> Rejected
 *                         Suggested --ReturnReported--> Returned
 *   Clearing --ClearingCancelled--> Suggested
 *   Clearing --ReturnReported--> ReturnPending --ClearingDone--> Reversing
 *                                ReturnPending --ClearingCancelled--> Returned
 * </pre>
 */
public final class ReconciliationMatch implements WorkflowDefinition<ReconciliationMatch.State, ReconciliationMatch.Event> {
    public static final String TYPE = "reconciliation-match";
    /** The connector that clears matched items in the tenant's ERP. */
    public static final String ERP = "reconciliation-erp";
    public static final String CLEAR_MATCH = "clear-match";
    public static final String REVERSE_CLEARING = "reverse-clearing";
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- data ----------------------------------------------------------------------------------

    /** A statement line of the match, located in its file and statement. */
    public record LineRef(String bankFileId, int lineNo, int entryNumber, int transactionNumber, BigDecimal amount,
                          String currency, String direction, String bankReference, String bookingDate) {}

    /** An open item of the match; {@code paidBy} are the people who released its payment (if Finrelay paid it). */
    public record ItemRef(String id, String direction, String erpRef, BigDecimal amount, String currency,
                          List<String> paidBy) {
        public ItemRef {
            paidBy = paidBy == null ? List.of() : List.copyOf(paidBy);
        }
    }

    /** What was matched, and what is left over (kind NONE, FEE, FX or PARTIAL). */
    public record Facts(String matchId, List<LineRef> lines, List<ItemRef> items, BigDecimal differenceAmount,
                        String differenceCurrency, String differenceKind, String feeAccount, String fxAccount) {
        public Facts {
            Objects.requireNonNull(matchId, "matchId");
            lines = List.copyOf(lines);
            items = List.copyOf(items);
        }
    }

    // ---- states --------------------------------------------------------------------------------

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    /** Waiting for a person. */
    public record Suggested(Facts m) implements State {}

    /** The clearing is on its way to the ERP. */
    public record Clearing(Facts m, String confirmedBy) implements State {}

    /** The ERP cleared the items against the bank lines. */
    public record Cleared(Facts m, String confirmedBy, String clearingRef) implements State {}

    /** The bank returned the money while the clearing was on its way: the ERP's answer decides what follows. */
    public record ReturnPending(Facts m, String confirmedBy, String reasonCode, LocalDate returnedOn) implements State {}

    /** The bank returned the money after the clearing: its reversal is on its way to the ERP. */
    public record Reversing(Facts m, String clearingRef, String reasonCode, LocalDate returnedOn) implements State {}

    public record Rejected(Facts m, String rejectedBy, String note) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /**
     * The bank gave the money back: the items are open again, and the clearing, if the ERP had made
     * one, is reversed ({@code reversalRef}; null when nothing had been cleared).
     */
    public record Returned(Facts m, String reasonCode, String reversalRef) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    // ---- events --------------------------------------------------------------------------------

    public sealed interface Event extends WorkflowEvent {}

    /** The matcher proposed the match; {@code auto}: sure enough to clear without a person. */
    public record Proposed(Facts m, boolean auto) implements Event {}

    public record Confirmed(String by) implements Event {}

    public record RejectedBy(String by, String note) implements Event {}

    public record ClearingDone(String clearingRef) implements Event {}

    public record ClearingCancelled(String actor) implements Event {}

    /** The bank returned the payment ({@code returnedOn}: the return's booking date, null when the bank gave none). */
    public record ReturnReported(String reasonCode, LocalDate returnedOn) implements Event {}

    public record ReversalDone(String reversalRef) implements Event {}

    /** An operator cancelled the reversal (reversed by hand in the ERP, say) and resolved the step. */
    public record ReversalCancelled(String actor) implements Event {}

    /** The command payload: the items to clear against the lines, with the difference and where it is booked. */
    public record ClearMatch(String matchId, List<ItemRef> items, List<LineRef> lines, BigDecimal differenceAmount,
                             String differenceCurrency, String differenceKind, String differenceAccount) {}

    /** The command payload that undoes a clearing after the bank returned the payment. */
    public record ReverseClearing(String matchId, String clearingRef, List<ItemRef> items, String reasonCode,
                                  LocalDate returnedOn) {}

    /** Clears the matched items in the ERP. */
    public static final CommandType<ClearMatch> CLEAR = new CommandType<>(ERP, CLEAR_MATCH, ClearMatch.class);
    /** Undoes a clearing after a bank return. */
    public static final CommandType<ReverseClearing> REVERSE = new CommandType<>(ERP, REVERSE_CLEARING,
            ReverseClearing.class);

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
            case New n when event instanceof Proposed p && p.auto() -> clear(p.m(), "auto");
            case New n when event instanceof Proposed p -> Decision.moveTo(new Suggested(p.m()));
            case Suggested s when event instanceof Confirmed c -> confirm(s.m(), c.by());
            case Suggested s when event instanceof RejectedBy r -> Decision.moveTo(new Rejected(s.m(), r.by(), r.note()));
            case Clearing c when event instanceof ClearingDone d ->
                    Decision.moveTo(new Cleared(c.m(), c.confirmedBy(), d.clearingRef()));
            case Clearing c when event instanceof ClearingCancelled x -> Decision.moveTo(new Suggested(c.m()));
            case Clearing c when event instanceof ReturnReported r ->
                    Decision.moveTo(new ReturnPending(c.m(), c.confirmedBy(), r.reasonCode(), r.returnedOn()));
            case ReturnPending p when event instanceof ClearingDone d ->
                    reverse(p.m(), d.clearingRef(), p.reasonCode(), p.returnedOn());
            case ReturnPending p when event instanceof ClearingCancelled x -> Decision.moveTo(new Returned(p.m(), p.reasonCode(), null));
            case Cleared c when event instanceof ReturnReported r -> reverse(c.m(), c.clearingRef(), r.reasonCode(), r.returnedOn());
            case Reversing v when event instanceof ReversalDone d -> Decision.moveTo(new Returned(v.m(), v.reasonCode(), d.reversalRef()));
            case Reversing v when event instanceof ReversalCancelled x ->
                    Decision.moveTo(new Returned(v.m(), v.reasonCode(), "manual:" + x.actor()));
            case Suggested s when event instanceof ReturnReported r -> Decision.moveTo(new Returned(s.m(), r.reasonCode(), null));
            case Clearing c when event instanceof Confirmed x -> Decision.reject("match " + c.m().matchId()
                    + " is already confirmed (by " + c.confirmedBy() + ") and being cleared");
            case Cleared c when event instanceof Confirmed x -> Decision.reject("match " + c.m().matchId()
                    + " is already cleared");
            default -> Decision.reject(event.name() + " does not apply to a match in state " + state.name());
        };
    }

    /** Segregation of duties: who released an item's payment does not confirm its match. */
    private static Decision<State> confirm(Facts m, String by) {
        for (ItemRef item : m.items()) {
            if (item.paidBy().contains(by)) {
                return Decision.reject("segregation of duties: " + by + " released the payment of " + item.id()
                        + " and may not confirm its match");
            }
        }
        return clear(m, by);
    }

    private static Decision<State> clear(Facts m, String by) {
        String account = switch (m.differenceKind()) {
            case "FEE" -> m.feeAccount();
            case "FX" -> m.fxAccount();
            default -> null;
        };
        return Decision.<State>moveTo(new Clearing(m, by)).send(CLEAR, new ClearMatch(m.matchId(), m.items(),
                m.lines(), m.differenceAmount(), m.differenceCurrency(), m.differenceKind(), account));
    }

    private static Decision<State> reverse(Facts m, String clearingRef, String reasonCode, LocalDate returnedOn) {
        return Decision.<State>moveTo(new Reversing(m, clearingRef, reasonCode, returnedOn)).send(REVERSE,
                new ReverseClearing(m.matchId(), clearingRef, m.items(), reasonCode, returnedOn));
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        if (REVERSE_CLEARING.equals(outcome.type())) {
            return switch (outcome) {
                case CommandOutcome.Succeeded s -> Optional.of(new ReversalDone(ref(s.resultJson(), "reversalId")));
                case CommandOutcome.ResolvedByOperator r -> Optional.of(new ReversalDone(
                        r.resultJson().isBlank() ? "manual:" + r.actor() : ref(r.resultJson(), "reversalId")));
                case CommandOutcome.Cancelled c -> Optional.of(new ReversalCancelled(c.actor()));
            };
        }
        if (!CLEAR_MATCH.equals(outcome.type())) {
            return Optional.empty();
        }
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(new ClearingDone(clearingRef(s.resultJson())));
            case CommandOutcome.ResolvedByOperator r -> Optional.of(new ClearingDone(
                    r.resultJson().isBlank() ? "manual:" + r.actor() : clearingRef(r.resultJson())));
            case CommandOutcome.Cancelled c -> Optional.of(new ClearingCancelled(c.actor()));
        };
    }

    private static String clearingRef(String resultJson) {
        return ref(resultJson, "clearingId");
    }

    /** A reference the peer's answer names ({@code clearingId}, {@code journalRef}), else the whole answer. */
    static String ref(String resultJson, String field) {
        try {
            JsonNode result = JSON.readTree(resultJson);
            String ref = result == null ? "" : result.path(field).asText("");
            return ref.isEmpty() ? resultJson : ref;
        } catch (IOException e) {
            return resultJson;
        }
    }
}
