-- Bank files once per tenant, house bank accounts, SEPA fields of statement lines, payment status
-- reports handed to their workflows, and cash positions (issue 10).

-- 1. A file's identity is its content per tenant, not per connection: the same camt.053 through two
-- connections, or through a connection and the API, is ONE import. ISO 20022 files (camt, pain.002)
-- are also the same file when their message id is (a bank that re-sends a statement re-wrapped).
-- Existing rows: of copies imported before through several connections the earliest stays IMPORTED;
-- the later ones become DUPLICATE (their lines, the same as the earliest's, are removed).
with ranked as (
    select tenant_id, id, first_value(name) over w as first_name, first_value(received_at) over w as first_at,
           row_number() over w as n
    from bank_file where status = 'IMPORTED'
    window w as (partition by tenant_id, sha256 order by id)
), later as (
    select * from ranked where n > 1
), gone as (
    delete from bank_statement_line l using later
    where l.tenant_id = later.tenant_id and l.file_id = later.id
)
update bank_file f set status = 'DUPLICATE', statements = 0, lines = 0, credits = '{}', debits = '{}',
       problems = jsonb_build_array('same content as ' || later.first_name || ' imported at '
               || to_char(later.first_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
               || ' (through another connection; merged when a file became one import per tenant)')
from later where f.tenant_id = later.tenant_id and f.id = later.id;

with ranked as (
    select tenant_id, id, first_value(name) over w as first_name, first_value(received_at) over w as first_at,
           row_number() over w as n
    from bank_file where status = 'IMPORTED' and format in ('CAMT', 'PAIN_002') and message_id is not null
    window w as (partition by tenant_id, format, message_id order by id)
), later as (
    select * from ranked where n > 1
), gone as (
    delete from bank_statement_line l using later
    where l.tenant_id = later.tenant_id and l.file_id = later.id
)
update bank_file f set status = 'DUPLICATE', statements = 0, lines = 0, credits = '{}', debits = '{}',
       problems = jsonb_build_array('same message id as ' || later.first_name || ' imported at '
               || to_char(later.first_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
               || ' (merged when a file became one import per tenant)')
from later where f.tenant_id = later.tenant_id and f.id = later.id;

drop index bank_file_imported;
-- Tenant last, as before, so that these never compete with the primary key.
create unique index bank_file_imported on bank_file (sha256, tenant_id) where status = 'IMPORTED';
create unique index bank_file_imported_message on bank_file (message_id, format, tenant_id)
    where status = 'IMPORTED' and format in ('CAMT', 'PAIN_002') and message_id is not null;

-- Statement accounts of an imported file that are not house bank accounts of the tenant (IBAN or the
-- bank's account number as the file gives it): the file is imported, its lines are kept, but they
-- are not reconciled, and an exception (unregistered-bank-account) asks an operator to register the
-- account or to look at the file.
alter table bank_file add column unregistered_accounts jsonb not null default '[]';

-- 2. The SEPA fields of a statement line (the line jsonb keeps the whole line as before).
alter table bank_statement_line
    add column return_reason_code     text,
    add column return_reason_text     text,
    add column original_end_to_end_id text,
    add column original_payment_id    text,
    add column mandate_reference      text,
    add column creditor_id            text,
    add column customer_reference     text,
    add column ultimate_counterparty  text;

-- 3. The tenant's own bank accounts, each owned by one of its legal entities. iban is the electronic
-- form (upper case, no spaces); legal_entity is the legal entity's id.
create table house_bank_account (
    tenant_id    uuid        not null references tenant (id),
    iban         text        not null check (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    legal_entity text        not null,
    currency     char(3)     not null check (currency ~ '^[A-Z]{3}$'),
    bic          text,
    name         text,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    primary key (tenant_id, iban)
);

-- 4. One row per transaction status of an imported pain.002 (tx is its position in the file, from 1):
-- the payment it answers (workflow_type + business_key, null when the reference is unknown: then an
-- exception unknown-payment-status is open), and whether it was handed to that workflow (delivered_at,
-- outcome). Written in the import's transaction; handed over after it commits, through the engine's
-- inbox with source 'bank-file' and key '<file_id>:<tx>', so that a hand-off repeated after a crash
-- changes nothing.
create table bank_payment_status (
    tenant_id                  uuid        not null,
    file_id                    uuid        not null,
    tx                         integer     not null check (tx >= 1),
    original_message_id        text        not null,
    original_payment_info_id   text,
    original_end_to_end_id     text,
    original_instruction_id    text,
    status_code                text,
    status                     text        not null,
    reason_code                text,
    reason_text                text,
    workflow_type              text,
    business_key               text,
    payment_id                 text,
    delivered_at               timestamptz,
    outcome                    text,
    primary key (tenant_id, file_id, tx),
    foreign key (tenant_id, file_id) references bank_file (tenant_id, id) deferrable initially deferred
);
create index bank_payment_status_undelivered on bank_payment_status (tenant_id, file_id)
    where delivered_at is null and workflow_type is not null;

-- 5. The latest reported balance per account and currency: updated in the import's transaction; a
-- statement only replaces the position when it is newer (balance date, then final over intraday,
-- then the bank's creation time), so an older file arriving later does not overwrite it.
create table cash_position (
    tenant_id     uuid        not null references tenant (id),
    account       text        not null,
    currency      char(3)     not null,
    balance       numeric     not null,
    balance_type  text        not null,
    balance_date  date        not null,
    final         boolean     not null,
    as_of         timestamptz not null,
    statement_id  text        not null,
    file_id       uuid        not null,
    primary key (tenant_id, account, currency)
);
