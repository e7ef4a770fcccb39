-- Approval routing of supplier invoices (issue 11): a tenant's ordered approval rules (the first that
-- fits an invoice's legal entity, cost center and amount routes it when it enters approval), and the
-- delegations approvers name while they are away (the delegate's approval counts as theirs between the
-- two dates). Rules are one document per tenant, replaced as a whole, so their order is the tenant's.

create table ap_approval_rules (
    tenant_id  uuid        primary key references tenant (id),
    rules      jsonb       not null,
    updated_by text        not null,
    updated_at timestamptz not null
);

create table ap_approval_delegation (
    tenant_id    uuid        not null references tenant (id),
    id           uuid        not null,
    approver     text        not null,
    delegate     text        not null,
    valid_from   date        not null,
    valid_to     date        not null,
    created_by   text        not null,
    created_at   timestamptz not null,
    -- withdrawn delegations are kept (who could approve for whom, and when, is part of the record)
    withdrawn_at timestamptz,
    withdrawn_by text,
    primary key (tenant_id, id),
    check (valid_to >= valid_from),
    check (approver <> delegate)
);

create index ap_approval_delegation_delegate on ap_approval_delegation (tenant_id, delegate, valid_to)
    where withdrawn_at is null;
