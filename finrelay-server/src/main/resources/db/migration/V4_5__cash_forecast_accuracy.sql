-- The cash forecast against what the banks then report (issue 12).
-- Every statement balance an account's position was taken from, by day: the position keeps only the
-- newest; the forecast's accuracy needs the closing of each past day. The same rule as the position
-- decides between two balances of one day: a final (end-of-day) one over an intraday one, then the
-- bank's later creation time.
create table cash_balance (
    tenant_id    uuid        not null references tenant (id),
    account      text        not null,
    currency     char(3)     not null,
    balance_date date        not null,
    balance      numeric     not null,
    final        boolean     not null,
    as_of        timestamptz not null,
    primary key (tenant_id, account, currency, balance_date)
);

-- A day's forecast as it was first read that day, per legal entity, currency and forecast day: what the
-- statements of those days are later held against (a forecast made 1, 7 and 30 days ahead).
create table cash_forecast_snapshot (
    tenant_id    uuid        not null references tenant (id),
    made_on      date        not null,
    legal_entity text        not null,
    currency     char(3)     not null,
    for_day      date        not null,
    closing      numeric     not null,
    primary key (tenant_id, made_on, legal_entity, currency, for_day)
);
