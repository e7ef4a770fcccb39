package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.GLOBEX;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.audit.AuditChain;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditRetention;
import io.finrelay.engine.audit.AuditSealer;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.audit.AuditVerifier;
import io.finrelay.engine.audit.AuditVerifier.Problem;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.model.id.TenantId;
import io.finrelay.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail as a hash chain per tenant: sealed after commit in the order rows become visible,
 * verified from its anchor, and every kind of tampering by someone with database access (who can
 * switch the append-only triggers off) is named by the first record it breaks.
 */
class AuditChainIT {
    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("audit_chain");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** Three invoices paid end to end: nine audit records of ACME, sealed. */
    private void payThreeInvoicesAndSeal() {
        for (int i = 1; i <= 3; i++) {
            f.submit(approved(ACME, "k-" + i, "INV-2026-07" + i, "1250.0" + i, null));
        }
        f.drain();
        assertThat(f.engine.sealAudit()).isEqualTo(9);
    }

    /** The same three invoices, sealed after each: three links of three records (seqs 1-3, 4-6, 7-9). */
    private void payThreeInvoicesSealingEach() {
        for (int i = 1; i <= 3; i++) {
            f.submit(approved(ACME, "k-" + i, "INV-2026-07" + i, "1250.0" + i, null));
            f.drain();
            assertThat(f.engine.sealAudit()).isEqualTo(3);
        }
        assertThat(f.count("select count(*) from audit_link where tenant_id = ?", ACME.value())).isEqualTo(3);
    }

    /** The audit id a link of ACME lists at {@code seq}. */
    private long auditIdAtSeq(long seq) {
        return f.count("select audit_ids[? - first_seq + 1] from audit_link where tenant_id = ? and ? between first_seq and last_seq",
                seq, ACME.value(), seq);
    }

    /** Reads a record as the chain hashes it. */
    private AuditChain.Row row(long auditId) {
        try (Connection c = f.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("select tenant_id, id, "
                + "instance_id, correlation_id, occurred_at, actor, kind, detail::text from audit_event where id = ?")) {
            s.setLong(1, auditId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new AuditChain.Row(rs.getObject(1, UUID.class), rs.getLong(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6),
                        rs.getString(7), rs.getString(8));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long auditId(int nth) {
        return f.count("select id from audit_event where tenant_id = ? order by id offset ? limit 1", ACME.value(), nth - 1);
    }

    /** Runs SQL as an attacker with database access: with the triggers off, as a replica would apply changes. */
    private void tamper(String sql, Object... args) {
        try (Connection c = f.dataSource.getConnection(); Statement role = c.createStatement()) {
            role.execute("set session_replication_role = replica");
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                assertThat(s.executeUpdate()).as(sql).isPositive();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = f.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static AuditRecord record(TenantId tenant, String kind, String actor) {
        return new AuditRecord(tenant, null, "corr-" + kind, Instant.parse("2026-11-02T09:00:00Z"), actor, kind,
                Map.of("setting", "erp.base-url", "before", "https://erp.acme.example", "after", "https://erp2.acme.example"));
    }

    @Test
    void anUntouchedTrailVerifiesAndEachTenantHasItsOwnChain() {
        payThreeInvoicesAndSeal();
        f.submit(approved(GLOBEX, "g-1", "INV-GX-1", "99.90", null));
        f.engine.sealAudit();

        AuditVerifier.Result acme = f.engine.verifyAudit(ACME);
        AuditVerifier.Result globex = f.engine.verifyAudit(GLOBEX);

        assertThat(acme.intact()).isTrue();
        assertThat(acme.verified()).isEqualTo(9);
        assertThat(acme.headSeq()).isEqualTo(9);
        assertThat(acme.pending()).isZero();
        assertThat(acme.headHash()).hasSize(64).isEqualTo(f.string(
                "select encode(hash, 'hex') from audit_chain_head where tenant_id = ?", ACME.value()));
        assertThat(globex.intact()).isTrue();
        assertThat(globex.verified()).isEqualTo(1);
        assertThat(f.engine.sealAudit()).as("nothing left to seal").isZero();
    }

    @Test
    void rowsThatCommitOutOfIdOrderAreChainedInTheOrderTheyBecomeVisible() throws SQLException {
        AuditTrail trail = new AuditTrail();
        try (Connection early = f.dataSource.getConnection(); Connection late = f.dataSource.getConnection()) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            trail.append(early, List.of(record(ACME, "config.changed", "admin:erika")));
            trail.append(late, List.of(record(ACME, "login", "admin:jonas")));
            late.commit();

            assertThat(f.engine.sealAudit()).as("only the committed row").isEqualTo(1);
            early.commit();
        }
        assertThat(f.engine.sealAudit()).as("the row committed late, with the lower id").isEqualTo(1);

        assertThat(f.string("select string_agg(e.kind, ',' order by l.last_seq, u.ord) from audit_link l "
                + "cross join lateral unnest(l.audit_ids) with ordinality u(id, ord) join audit_event e "
                + "on e.tenant_id = l.tenant_id and e.id = u.id")).isEqualTo("login,config.changed");
        assertThat(f.count("select count(*) from audit_event where kind = 'config.changed' "
                + "and id < (select id from audit_event where kind = 'login')")).isEqualTo(1);
        AuditVerifier.Result result = f.engine.verifyAudit(ACME);
        assertThat(result.intact()).isTrue();
        assertThat(result.verified()).isEqualTo(2);
    }

    @Test
    void theChainStaysWholeWhileTheRunningEngineCommitsInParallelGroupsAndSealsAsItGoes() {
        f.engine.start();
        List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            TenantId tenant = i % 3 == 0 ? GLOBEX : ACME;
            receipts.add(f.engine.submitAsync(approved(tenant, "p-" + i, "INV-2026-P" + i, i + ".50", null)));
        }
        receipts.forEach(CompletableFuture::join);
        f.drain();
        f.engine.close();

        f.engine.sealAudit();

        for (TenantId tenant : List.of(ACME, GLOBEX)) {
            AuditVerifier.Result result = f.engine.verifyAudit(tenant);
            assertThat(result.intact()).as(tenant + ": " + result.firstBreak()).isTrue();
            assertThat(result.pending()).isZero();
            assertThat(result.verified()).isEqualTo(f.count("select count(*) from audit_event where tenant_id = ?",
                    tenant.value()));
        }
        assertThat(f.count("select count(*) from audit_event")).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aRowCommittedButNotYetSealedIsPendingNotBroken() {
        payThreeInvoicesAndSeal();
        f.submit(approved(ACME, "k-4", "INV-2026-074", "310.00", null));

        AuditVerifier.Result result = f.engine.verifyAudit(ACME);

        assertThat(result.intact()).isTrue();
        assertThat(result.pending()).isEqualTo(1);
        assertThat(result.verified()).isEqualTo(9);
    }

    @Test
    void anAmountEditedInARowIsNamedByVerify() {
        payThreeInvoicesAndSeal();
        long edited = f.count("select min(id) from audit_event where detail::text like '%1250.02%'");
        tamper("update audit_event set detail = replace(detail::text, '1250.02', '9250.02')::jsonb where id = ?", edited);

        AuditVerifier.Result result = f.engine.verifyAudit(ACME);

        assertThat(result.intact()).isFalse();
        AuditVerifier.Break broken = result.firstBreak().orElseThrow();
        assertThat(broken.problem()).isEqualTo(Problem.ALTERED_RECORD);
        assertThat(broken.auditId()).isEqualTo(edited);
        assertThat(broken.detail()).contains("audit record " + edited);
        assertThat(result.verified()).as("the records before it are intact").isEqualTo(broken.seq() - 1);
    }

    @Test
    void aChangedActorOrTimeIsNamedToo() {
        payThreeInvoicesAndSeal();
        long actor = auditId(7);
        long time = auditId(2);
        tamper("update audit_event set actor = 'ops:someone-else' where id = ?", actor);
        tamper("update audit_event set occurred_at = occurred_at + interval '1 microsecond' where id = ?", time);

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.ALTERED_RECORD);
        assertThat(broken.auditId()).as("the first in chain order").isEqualTo(time);
    }

    @Test
    void aDeletedRowIsNamed() {
        payThreeInvoicesAndSeal();
        long deleted = auditId(5);
        tamper("delete from audit_event where id = ?", deleted);

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.MISSING_RECORD);
        assertThat(broken.auditId()).isEqualTo(deleted);
    }

    @Test
    void rowsDeletedTogetherWithTheirSealLeaveAGapThatIsNamed() {
        payThreeInvoicesSealingEach();
        tamper("delete from audit_event e using audit_link l where l.first_seq = 4 and e.id = any(l.audit_ids)");
        tamper("delete from audit_link where tenant_id = ? and first_seq = 4", ACME.value());

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.MISSING_SEAL);
        assertThat(broken.seq()).isEqualTo(4);
        assertThat(broken.detail()).contains("seals 4 to 6 are missing");
    }

    @Test
    void anEditedSealIsNamed() {
        payThreeInvoicesSealingEach();
        tamper("update audit_link set prev_hash = sha256('forged'::bytea) where tenant_id = ? and last_seq = 6", ACME.value());

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.BROKEN_LINK);
        assertThat(broken.seq()).as("the first seal of the edited link").isEqualTo(4);
        assertThat(broken.auditId()).isEqualTo(auditIdAtSeq(4));
    }

    @Test
    void aRowRewrittenWithARecomputedSealStillBreaksTheNextLink() {
        payThreeInvoicesAndSeal();
        long edited = auditId(3);
        tamper("update audit_event set actor = 'ops:mallory' where id = ?", edited);
        tamper("update audit_link set hash = sha256('recomputed'::bytea) where ? = any(audit_ids)", edited);

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.ALTERED_RECORD);
        assertThat(broken.auditId()).isEqualTo(edited);
    }

    @Test
    void theLatestRecordsRemovedWithTheirSealsAreCaughtByTheHead() {
        payThreeInvoicesSealingEach();
        tamper("delete from audit_event e using audit_link l where l.first_seq = 7 and e.id = any(l.audit_ids)");
        tamper("delete from audit_link where first_seq = 7");

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(broken.seq()).isEqualTo(7);
    }

    @Test
    void aRowSlippedIntoHistoryBehindTheApplicationsBackIsReportedUnsealed() {
        payThreeInvoicesAndSeal();
        // Backdated like its neighbours: an id from the past and the writing transaction of a real row.
        tamper("insert into audit_event (tenant_id, id, instance_id, correlation_id, occurred_at, actor, kind, detail, txid) "
                + "overriding system value select tenant_id, id - 1000000, instance_id, correlation_id, occurred_at, "
                + "'ops:mallory', 'exception.resolve', '{\"note\":\"paid manually\"}', txid from audit_event "
                + "where tenant_id = ? order by id limit 1", ACME.value());

        assertThat(f.engine.sealAudit()).as("the sealer has passed that transaction long ago").isZero();
        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.UNSEALED_RECORD);
        assertThat(broken.auditId()).isEqualTo(auditId(1)).isNegative();
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteTheTrailAndItsSeals() {
        payThreeInvoicesAndSeal();

        for (String sql : List.of("update audit_event set actor = 'x'", "delete from audit_event",
                "truncate audit_event", "update audit_link set last_seq = last_seq + 1", "delete from audit_link",
                "truncate audit_link")) {
            assertThatThrownBy(() -> execute(sql)).as(sql).isInstanceOf(SQLException.class)
                    .hasMessageContaining("is append-only")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
        assertThat(f.count("select count(*) from audit_event")).isEqualTo(9);
        assertThat(f.engine.verifyAudit(ACME).intact()).isTrue();
    }

    @Test
    void onlyOneSealerAtATimeAcrossNodes() throws SQLException {
        f.submit(approved(ACME, "k-1", "INV-2026-0701", "1250.01", null));
        try (Connection otherNode = f.dataSource.getConnection()) {
            otherNode.setAutoCommit(false);
            try (Statement s = otherNode.createStatement()) {
                s.execute("select pg_advisory_xact_lock(418581342580 /* 'audit' */)");
            }
            assertThat(new AuditSealer(f.db, f.clock, 100).sealOnce()).isZero();
            otherNode.rollback();
        }
        assertThat(new AuditSealer(f.db, f.clock, 100).sealOnce()).isEqualTo(1);
    }

    @Test
    void retentionRemovesOldRecordsWithTheirSealsAndTheRestStillVerifiesFromTheAnchor() {
        payThreeInvoicesAndSeal();
        String cutAt = f.string("select encode(hash, 'hex') from audit_link where last_seq = 9");
        f.clock.advance(Duration.ofDays(40));
        f.submit(approved(ACME, "k-4", "INV-2026-0704", "310.00", null));
        f.submit(approved(GLOBEX, "g-1", "INV-GX-1", "99.90", null));
        f.drain();
        f.engine.sealAudit();
        WorkflowEngine keeping30Days = WorkflowEngine.builder(f.db, new WorkflowRegistry(List.of(new PaymentFlow())))
                .clock(f.clock).auditRetention(Duration.ofDays(30)).build();

        long removed = keeping30Days.purgeAudit();

        assertThat(removed).isEqualTo(9);
        assertThat(f.count("select count(*) from audit_event where tenant_id = ?", ACME.value())).isEqualTo(3);
        assertThat(f.count("select sum(cardinality(audit_ids)) from audit_link where tenant_id = ?", ACME.value())).isEqualTo(3);
        AuditVerifier.Result acme = keeping30Days.verifyAudit(ACME);
        assertThat(acme.intact()).isTrue();
        assertThat(acme.anchorSeq()).isEqualTo(9);
        assertThat(acme.anchorHash()).isEqualTo(cutAt);
        assertThat(acme.verified()).isEqualTo(3);
        assertThat(acme.headSeq()).isEqualTo(12);
        assertThat(keeping30Days.verifyAudit(GLOBEX).verified()).as("young records stay").isEqualTo(3);
        assertThat(keeping30Days.purgeAudit()).as("nothing more is old enough").isZero();
    }

    @Test
    void retentionWorksInChunksAndStopsAtEvidenceOfTampering() {
        payThreeInvoicesSealingEach();
        f.submit(approved(ACME, "k-4", "INV-2026-074", "310.00", null));
        f.drain();
        assertThat(f.engine.sealAudit()).isEqualTo(3);
        long deleted = auditIdAtSeq(9);
        tamper("delete from audit_event where id = ?", deleted);
        f.clock.advance(Duration.ofDays(400));

        long removed = new AuditRetention(f.db, 1).purgeBefore(f.clock.instant().minus(Duration.ofDays(365)));

        assertThat(removed).as("seals 1 to 6, one link at a time; the link of seals 7 to 9 lost a record").isEqualTo(6);
        AuditVerifier.Result result = f.engine.verifyAudit(ACME);
        assertThat(result.anchorSeq()).isEqualTo(6);
        assertThat(result.firstBreak().orElseThrow().auditId()).isEqualTo(deleted);
    }

    @Test
    void aTenantWithAHundredThousandRecordsVerifiesInOneStreamingPass() throws SQLException {
        execute("insert into audit_event (tenant_id, instance_id, correlation_id, occurred_at, actor, kind, detail) "
                + "select '" + ACME.value() + "', gen_random_uuid(), 'corr-bulk-' || (n / 10), "
                + "timestamptz '2026-11-02 09:00:00+00' + n * interval '1 second', 'erp-sync', 'transition', "
                + "jsonb_build_object('from', 'Posting', 'to', 'Paying', 'invoice', 'INV-B-' || n, "
                + "'amount', (n % 5000) || '.' || lpad((n % 100)::text, 2, '0')) from generate_series(1, 100000) n");

        assertThat(f.engine.sealAudit()).isEqualTo(100_000);
        AuditVerifier.Result result = f.engine.verifyAudit(ACME);

        assertThat(result.intact()).isTrue();
        assertThat(result.verified()).isEqualTo(100_000);
        assertThat(result.headSeq()).isEqualTo(100_000);
    }

    @Test
    void onePassWritesOneLinkPerTenantListingEveryRecordItSealedWithItsHash() {
        for (int i = 1; i <= 3; i++) {
            f.submit(approved(ACME, "k-" + i, "INV-2026-07" + i, "1250.0" + i, null));
        }
        f.submit(approved(GLOBEX, "g-1", "INV-GX-1", "99.90", null));
        f.drain();

        assertThat(f.engine.sealAudit()).isEqualTo(12);

        assertThat(f.count("select count(*) from audit_link")).as("one link per tenant, not one seal per record").isEqualTo(2);
        assertThat(f.string("select first_seq || '..' || last_seq || ' ' || cardinality(audit_ids) || ' ' || length(row_hashes) "
                + "from audit_link where tenant_id = ?", ACME.value())).isEqualTo("1..9 9 288");
        assertThat(f.string("select first_seq || '..' || last_seq from audit_link where tenant_id = ?", GLOBEX.value()))
                .isEqualTo("1..3");
        long third = auditIdAtSeq(3);
        assertThat(f.string("select encode(substring(row_hashes from 65 for 32), 'hex') from audit_link where tenant_id = ?",
                ACME.value())).as("the link lists each record's own hash").isEqualTo(HexFormat.of().formatHex(AuditChain.rowHash(row(third))));
        assertThat(f.engine.verifyAudit(ACME).verified()).isEqualTo(9);
        assertThat(f.engine.verifyAudit(GLOBEX).verified()).isEqualTo(3);
    }

    @Test
    void aRecordRewrittenTogetherWithTheHashItsLinkListsIsCaughtByTheLinksOwnHash() {
        payThreeInvoicesSealingEach();
        long edited = auditIdAtSeq(5);
        tamper("update audit_event set actor = 'ops:mallory' where id = ?", edited);
        byte[] forged = AuditChain.rowHash(row(edited));
        tamper("update audit_link set row_hashes = overlay(row_hashes placing ? from 33 for 32) where tenant_id = ? "
                + "and first_seq = 4", forged, ACME.value());

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.BROKEN_LINK);
        assertThat(broken.seq()).as("the link of seals 4 to 6").isEqualTo(4);
        assertThat(broken.detail()).contains("seals 4 to 6").contains("the seal was edited");
    }

    @Test
    void aLinkRecomputedWholeAfterARewriteStillBreaksTheNextLink() {
        payThreeInvoicesSealingEach();
        long edited = auditIdAtSeq(5);
        tamper("update audit_event set actor = 'ops:mallory' where id = ?", edited);
        long[] ids = {auditIdAtSeq(4), edited, auditIdAtSeq(6)};
        byte[] hashes = new byte[3 * AuditChain.HASH_BYTES];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(AuditChain.rowHash(row(ids[i])), 0, hashes, i * AuditChain.HASH_BYTES, AuditChain.HASH_BYTES);
        }
        byte[] prev = HexFormat.of().parseHex(f.string("select encode(prev_hash, 'hex') from audit_link where first_seq = 4"));
        tamper("update audit_link set row_hashes = ?, hash = ? where tenant_id = ? and first_seq = 4", hashes,
                AuditChain.range(prev, 4, 6, ids, hashes), ACME.value());

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.BROKEN_LINK);
        assertThat(broken.seq()).as("the next link no longer links to it").isEqualTo(7);
        assertThat(f.engine.verifyAudit(ACME).verified()).isEqualTo(6);
    }

    @Test
    void aRowBackdatedIntoASealedRangeIsNamedEvenWithAnIdAfterEverySealedOne() {
        payThreeInvoicesSealingEach();
        // A fresh id, above every sealed record's, but the writing transaction of a sealed record.
        long id = f.count("select max(id) from audit_event") + 1000;
        tamper("insert into audit_event (tenant_id, id, instance_id, correlation_id, occurred_at, actor, kind, detail, txid) "
                + "overriding system value select tenant_id, ?, instance_id, correlation_id, occurred_at, "
                + "'ops:mallory', 'transition', detail, txid from audit_event where id = ?", id, auditIdAtSeq(4));

        assertThat(f.engine.sealAudit()).as("its range was sealed long ago").isZero();
        AuditVerifier.Result result = f.engine.verifyAudit(ACME);

        assertThat(result.firstBreak().orElseThrow().problem()).isEqualTo(Problem.UNSEALED_RECORD);
        assertThat(result.firstBreak().orElseThrow().auditId()).isEqualTo(id);
        assertThat(result.verified()).as("every sealed record still verifies").isEqualTo(9);
        assertThat(result.pending()).isZero();
    }

    @Test
    void aTrailSealedOneRecordAtATimeBeforeRangesStillVerifiesAfterTheUpgradeAndIsSealedOnFromThere() throws SQLException {
        DataSource old = TestDatabase.newDatabase("audit_upgrade");
        Flyway.configure().dataSource(old).locations("classpath:db/migration").target("1.2").load().migrate();
        try (Connection c = old.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into audit_event (tenant_id, instance_id, correlation_id, occurred_at, actor, kind, detail) "
                    + "select '" + ACME.value() + "', gen_random_uuid(), 'corr-old-' || n, "
                    + "timestamptz '2026-10-01 09:00:00+00' + n * interval '1 minute', 'erp-sync', 'transition', "
                    + "jsonb_build_object('invoice', 'INV-OLD-' || n, 'amount', n || '50.00') from generate_series(1, 4) n");
            s.execute("insert into audit_event (tenant_id, instance_id, correlation_id, occurred_at, actor, kind, detail) "
                    + "values ('" + ACME.value() + "', null, 'corr-old-5', '2026-10-01 10:00:00+00', 'admin:erika', "
                    + "'config.changed', '{\"setting\":\"erp.base-url\"}')");
        }
        // What the per-row sealer of V1_1 wrote: one seal per record, SHA-256(prev || seq || record); its
        // horizon left the last record's transaction not passed yet although that record was sealed.
        byte[] prev = AuditChain.GENESIS;
        List<Long> ids = new ArrayList<>();
        try (Connection c = old.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("select tenant_id, id, instance_id, correlation_id, occurred_at, "
                    + "actor, kind, detail::text from audit_event order by id"); ResultSet rs = s.executeQuery()) {
                long seq = 0;
                while (rs.next()) {
                    AuditChain.Row row = new AuditChain.Row(rs.getObject(1, UUID.class), rs.getLong(2),
                            rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(),
                            rs.getString(6), rs.getString(7), rs.getString(8));
                    byte[] hash = AuditChain.link(prev, ++seq, row);
                    try (PreparedStatement seal = c.prepareStatement("insert into audit_seal (tenant_id, seq, audit_id, "
                            + "prev_hash, hash, sealed_at) values (?, ?, ?, ?, ?, now())")) {
                        seal.setObject(1, row.tenantId());
                        seal.setLong(2, seq);
                        seal.setLong(3, row.id());
                        seal.setBytes(4, prev);
                        seal.setBytes(5, hash);
                        seal.executeUpdate();
                    }
                    ids.add(row.id());
                    prev = hash;
                }
            }
            try (PreparedStatement s = c.prepareStatement("insert into audit_chain_head (tenant_id, seq, hash) values (?, 5, ?)")) {
                s.setObject(1, ACME.value());
                s.setBytes(2, prev);
                s.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("update audit_seal_cursor set horizon = (select txid from audit_event where kind = 'config.changed')");
                s.execute("insert into audit_event (tenant_id, instance_id, correlation_id, occurred_at, actor, kind, detail) "
                        + "values ('" + ACME.value() + "', null, 'corr-new-6', '2026-10-01 11:00:00+00', 'admin:jonas', "
                        + "'login', '{}')");
            }
        }

        Migrations.migrate(old);
        Database upgraded = new Database(old);
        AuditVerifier verifier = new AuditVerifier(upgraded);
        AuditVerifier.Result carriedOver = verifier.verify(ACME);

        assertThat(carriedOver.intact()).as(String.valueOf(carriedOver.firstBreak())).isTrue();
        assertThat(carriedOver.verified()).isEqualTo(5);
        assertThat(carriedOver.headHash()).isEqualTo(HexFormat.of().formatHex(prev));
        assertThat(carriedOver.pending()).as("the record written after the last pass").isEqualTo(1);
        assertThat(new AuditSealer(upgraded, f.clock, 100).sealAll()).as("only that one: none is sealed twice").isEqualTo(1);
        AuditVerifier.Result sealedOn = verifier.verify(ACME);
        assertThat(sealedOn.intact()).as(String.valueOf(sealedOn.firstBreak())).isTrue();
        assertThat(sealedOn.verified()).isEqualTo(6);
        assertThat(sealedOn.headSeq()).isEqualTo(6);

        try (Connection c = old.getConnection(); Statement role = c.createStatement()) {
            role.execute("set session_replication_role = replica");
            role.execute("update audit_event set actor = 'ops:mallory' where id = " + ids.get(2));
        }
        AuditVerifier.Break broken = verifier.verify(ACME).firstBreak().orElseThrow();
        assertThat(broken.problem()).isEqualTo(Problem.ALTERED_RECORD);
        assertThat(broken.auditId()).isEqualTo(ids.get(2));
        assertThat(broken.seq()).isEqualTo(3);
    }

    @Test
    void aTenantWithoutAuditRecordsVerifiesEmpty() {
        AuditVerifier.Result result = f.engine.verifyAudit(TenantId.of(UUID.randomUUID().toString()));

        assertThat(result.intact()).isTrue();
        assertThat(result.verified()).isZero();
        assertThat(result.headHash()).isEqualTo("0".repeat(64));
    }
}
