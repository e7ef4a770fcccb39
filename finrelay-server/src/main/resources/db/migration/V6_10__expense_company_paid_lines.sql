-- Expense lines paid by company card (issue 12, corporate card feed): the card issuer is owed for them, not
-- the employee. Each legal entity's expense policy names the account such a line is credited to (null: the
-- card liability account of the tenant's card settings), and the read model keeps what a report reimburses
-- to the employee (its lines paid out of pocket) beside its total, for the cash forecast.
alter table expense_policy add column card_clearing_account text;

alter table expense_report add column reimbursable numeric;

-- Every report taken in before this was reimbursed in full: no line said it was paid by company card.
update expense_report set reimbursable = total where total is not null;

-- A card charge matched to a line the employee claimed as paid out of pocket: the company's card paid it, so
-- the employee may be reimbursed for it too (the matcher prefers lines paid by company card). Null while
-- unmatched, and for the matches made before lines said who paid them.
alter table card_transaction add column line_claimed_as_cash boolean;
