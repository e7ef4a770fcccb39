-- White-label (issue 13): a partner's brand on the console, and the host names it serves. A request to
-- one of the hosts gets the partner's name and colour, and only the partner's tenants may sign in there.
-- Partner-level rows (no tenant_id): reached by the partner's id after the access check, like partner.
create table partner_brand (
    partner_id     uuid        primary key references partner (id),
    name           text        not null,
    primary_colour char(7)     not null,
    updated_at     timestamptz not null
);

-- Each host belongs to one partner at most: the primary key refuses a host another partner serves.
create table partner_host (
    host       text primary key,
    partner_id uuid not null references partner (id)
);
create index partner_host_partner on partner_host (partner_id);
