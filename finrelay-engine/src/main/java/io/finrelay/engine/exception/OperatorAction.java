package io.finrelay.engine.exception;

/**
 * What an operator can do with an open exception.
 * <ul>
 *   <li>{@code RETRY}: try again. A command is attempted again with the same command id (the same
 *       idempotency key) and a fresh retry budget; an incident asks the workflow to look again
 *       (after master data or a mapping was fixed).</li>
 *   <li>{@code REPLAY}: send the command again under a NEW command id. Needed when a peer has stored
 *       its failure under the old idempotency key and would answer every retry with it. The peer is asked
 *       about the old id first (any failure may have followed its commit): a record found there is the
 *       outcome, and nothing is sent.</li>
 *   <li>{@code RESOLVE}: the operator has done what was needed outside Finrelay; the workflow carries
 *       on as if the command had succeeded.</li>
 *   <li>{@code CANCEL}: give the command up; the workflow decides what that means.</li>
 * </ul>
 */
public enum OperatorAction {
    RETRY, REPLAY, RESOLVE, CANCEL
}
