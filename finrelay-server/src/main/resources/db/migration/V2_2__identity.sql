-- Identity (issue 6): the eight roles, several roles per key or person, key expiry and rotation, and
-- people who log in with a password for a short-lived signed token.

-- A key (and a person) may hold several roles: "tenant-admin and also treasurer" is a decision
-- someone makes on purpose, never a side effect of being an admin.
alter table api_key add column roles text[];
update api_key set roles = array[role];
alter table api_key alter column roles set not null;
-- Dropping the single-role column drops its two checks with it; the checks below replace them.
alter table api_key drop column role;
alter table api_key add constraint api_key_roles_known check (cardinality(roles) > 0 and roles <@ array[
    'partner-admin', 'tenant-admin', 'integration', 'operator', 'approver', 'treasurer', 'auditor', 'viewer']::text[]);
alter table api_key add constraint api_key_partner_scope check (('partner-admin' = any (roles)) = (tenant_id is null));

-- Expiry: an expired key is refused exactly like an unknown one. Rotation creates a new key and
-- shortens the old one's expiry to the end of its grace period; rotated_to links the two.
alter table api_key add column expires_at timestamptz;
alter table api_key add column rotated_to uuid references api_key (id);

-- People. The password is kept only as a BCrypt hash. tenant_id is null exactly for people who
-- administer a whole partner. Usernames are unique across the installation, so a login needs no tenant.
create table app_user (
    tenant_id     uuid        references tenant (id),
    id            uuid        primary key,
    partner_id    uuid        not null references partner (id),
    username      text        not null unique check (username ~ '^[a-z0-9][a-z0-9._@-]{2,99}$'),
    password_hash text        not null,
    roles         text[]      not null check (cardinality(roles) > 0 and roles <@ array[
        'partner-admin', 'tenant-admin', 'integration', 'operator', 'approver', 'treasurer', 'auditor', 'viewer']::text[]),
    created_at    timestamptz not null,
    disabled_at   timestamptz,
    check (('partner-admin' = any (roles)) = (tenant_id is null))
);
create index app_user_tenant on app_user (tenant_id, created_at);

-- The audit trail is read per tenant and kind (permission refusals, logins) as well as per instance.
create index audit_event_kind on audit_event (tenant_id, kind, id);
