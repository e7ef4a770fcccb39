-- Received bank files and the statement lines they brought (issue 4). A file's lines and its
-- IMPORTED row are written in one transaction (io.finrelay.server.bank.JdbcBankFiles), so a file is
-- either recorded as imported with all its lines, or not imported and without a single line.
-- Amounts are numeric, never a double; totals in jsonb are decimal strings per currency code.

-- One row per received file and attempt: what came, from where, what it held, what became of it.
--   IMPORTED        parsed, control checks passed, its lines are in bank_statement_line
--   DUPLICATE       the same content was imported before for this tenant and connection
--   REJECTED        malformed, hostile, oversized or of an unknown format (quarantined)
--   CONTROL_FAILED  well-formed but its own control figures do not add up (quarantined)
create table bank_file (
    tenant_id   uuid        not null references tenant (id),
    id          uuid        not null,
    connection  text        not null,
    name        text        not null,
    sha256      char(64)    not null check (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes  bigint      not null check (size_bytes >= 0),
    format      text,
    status      text        not null check (status in ('IMPORTED', 'DUPLICATE', 'REJECTED', 'CONTROL_FAILED')),
    message_id  text,
    statements  integer     not null check (statements >= 0),
    lines       bigint      not null check (lines >= 0),
    credits     jsonb       not null,
    debits      jsonb       not null,
    problems    jsonb       not null,
    received_at timestamptz not null,
    primary key (tenant_id, id)
);
-- "Never process the same file twice", also across nodes: of two nodes importing the same content
-- at once, the second one's insert fails here and its whole import rolls back (it is then recorded
-- as DUPLICATE). The tenant is last so that this index never competes with the primary key for
-- "where tenant_id = ? and id = ?" (see the engine's V1_0 migration).
create unique index bank_file_imported on bank_file (connection, sha256, tenant_id) where status = 'IMPORTED';
-- Lists are newest first by id (time-ordered UUIDs): the primary key serves them.

-- One row per canonical statement line of an imported file. line_no is the line's position in its
-- file (1-based); entry_number/transaction_number locate it in its statement (a batched entry is
-- split into its transactions). line holds the whole canonical line as the importer produced it.
create table bank_statement_line (
    tenant_id             uuid          not null,
    file_id               uuid          not null,
    line_no               integer       not null check (line_no >= 1),
    statement_id          text          not null,
    account               text          not null,
    entry_number          integer       not null,
    transaction_number    integer       not null,
    entry_status          text          not null check (entry_status in ('BOOKED', 'PENDING', 'INFORMATION')),
    booking_date          date,
    value_date            date,
    amount                numeric       not null check (amount >= 0),
    currency              char(3)       not null,
    direction             text          not null check (direction in ('CREDIT', 'DEBIT')),
    reversal              boolean       not null,
    bank_reference        text,
    end_to_end_id         text,
    creditor_reference    text,
    remittance            text,
    counterparty_name     text,
    counterparty_account  text,
    bank_transaction_code text,
    line                  jsonb         not null,
    primary key (tenant_id, file_id, line_no),
    -- Deferred: the lines stream in before the file's row is written (it needs the final counts).
    foreign key (tenant_id, file_id) references bank_file (tenant_id, id) deferrable initially deferred
);
