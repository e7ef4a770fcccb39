-- A partner's logo on its console (white-label): a small PNG, checked as an image when it is set.
alter table partner_brand add column logo bytea;
