-- A Finrelay payment the bank booked back, whose workflow took the return (it pays again, if at all, under a
-- new item), is RETURNED: never matched again, not forecast. Before, reconciliation opened it again, and it
-- waited for a debit that never comes beside the new payment's item. A return no workflow took still opens
-- the item again, for an operator.
alter table recon_open_item drop constraint recon_open_item_status_check;
alter table recon_open_item add constraint recon_open_item_status_check
    check (status in ('AWAITING_RELEASE', 'OPEN', 'PARTIAL', 'MATCHED', 'WITHDRAWN', 'RETURNED'));
