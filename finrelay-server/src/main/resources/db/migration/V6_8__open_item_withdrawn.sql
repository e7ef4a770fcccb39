-- A Finrelay payment that will not be made (the bank rejected it, or its report was withdrawn before the
-- release) is WITHDRAWN: never matched, not forecast. Before, its item stayed OPEN: a debit that never
-- comes was expected, and forecast twice once the payment was reissued under a new obligation.
alter table recon_open_item drop constraint recon_open_item_status_check;
alter table recon_open_item add constraint recon_open_item_status_check
    check (status in ('AWAITING_RELEASE', 'OPEN', 'PARTIAL', 'MATCHED', 'WITHDRAWN'));
