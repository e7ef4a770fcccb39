package io.finrelay.reconciliation;

import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The narrowest matcher: a line and an item with the same end-to-end id, the same direction and the
 * same amount are a certain match; a returned line names the item it returns. Nothing is guessed, so
 * everything else stays unmatched. It is the exact first stage of the scoring matcher and the
 * reference it is tested against.
 */
public final class EndToEndMatcher implements Matcher {

    @Override
    public MatchResult match(MatchInput input) {
        Map<String, OpenItem> byEndToEnd = new HashMap<>();
        for (OpenItem item : input.items()) {
            if (item.endToEndId() != null) {
                byEndToEnd.putIfAbsent(item.endToEndId(), item);
            }
        }
        Set<String> openItems = new LinkedHashSet<>(input.items().stream().map(OpenItem::id).toList());
        List<Match> matches = new ArrayList<>();
        List<MatchResult.Return> returns = new ArrayList<>();
        List<String> unmatchedLines = new ArrayList<>();
        for (Line line : input.lines()) {
            BankStatementLine l = line.line();
            if (l.isReturn()) {
                String original = l.returnDetails().originalEndToEndId() != null
                        ? l.returnDetails().originalEndToEndId() : l.endToEndId();
                OpenItem returned = original == null ? null : byEndToEnd.get(original);
                returns.add(new MatchResult.Return(line.id(), returned == null ? null : returned.id(), original,
                        l.returnDetails().reasonCode(), l.returnDetails().reasonText()));
                continue;
            }
            OpenItem item = l.endToEndId() == null ? null : byEndToEnd.get(l.endToEndId());
            if (item != null && openItems.contains(item.id()) && fits(l, item)
                    && !input.rejected().contains(new MatchInput.RejectedPair(line.id(), item.id()))) {
                openItems.remove(item.id());
                matches.add(new Match(List.of(line.id()), List.of(item.id()), 1.0,
                        List.of(new Reason("end-to-end-id", l.endToEndId(), 1.0)),
                        new Match.Difference(l.amount().minus(item.amount()), Match.Difference.Kind.NONE),
                        Match.Status.AUTO));
            } else {
                unmatchedLines.add(line.id());
            }
        }
        return new MatchResult(matches, List.of(), returns, unmatchedLines, List.copyOf(openItems));
    }

    private static boolean fits(BankStatementLine line, OpenItem item) {
        Direction expected = item.side() == OpenItem.Side.RECEIVABLE ? Direction.CREDIT : Direction.DEBIT;
        return line.direction() == expected && line.amount().equals(item.amount());
    }
}
