package io.finrelay.reconciliation;

/** Matches one tenant's statement lines against its open items. Pure: same input, same result. */
public interface Matcher {
    MatchResult match(MatchInput input);
}
