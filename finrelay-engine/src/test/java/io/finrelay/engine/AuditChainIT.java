package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.GLOBEX;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditRetention;
import io.finrelay.engine.audit.AuditSealer;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.audit.AuditVerifier;
import io.finrelay.engine.audit.AuditVerifier.Problem;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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

        assertThat(f.string("select string_agg(e.kind, ',' order by s.seq) from audit_seal s join audit_event e "
                + "on e.tenant_id = s.tenant_id and e.id = s.audit_id")).isEqualTo("login,config.changed");
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
    void aRowDeletedTogetherWithItsSealLeavesAGapThatIsNamed() {
        payThreeInvoicesAndSeal();
        long deleted = auditId(5);
        long seq = f.count("select seq from audit_seal where audit_id = ?", deleted);
        tamper("delete from audit_seal where audit_id = ?", deleted);
        tamper("delete from audit_event where id = ?", deleted);

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.MISSING_SEAL);
        assertThat(broken.seq()).isEqualTo(seq);
    }

    @Test
    void anEditedSealIsNamed() {
        payThreeInvoicesAndSeal();
        tamper("update audit_seal set prev_hash = sha256('forged'::bytea) where tenant_id = ? and seq = 6", ACME.value());

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.BROKEN_LINK);
        assertThat(broken.seq()).isEqualTo(6);
        assertThat(broken.auditId()).isEqualTo(f.count("select audit_id from audit_seal where seq = 6"));
    }

    @Test
    void aRowRewrittenWithARecomputedSealStillBreaksTheNextLink() {
        payThreeInvoicesAndSeal();
        long edited = auditId(3);
        tamper("update audit_event set actor = 'ops:mallory' where id = ?", edited);
        tamper("update audit_seal set hash = sha256('recomputed'::bytea) where audit_id = ?", edited);

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.ALTERED_RECORD);
        assertThat(broken.auditId()).isEqualTo(edited);
    }

    @Test
    void theLatestRecordsRemovedWithTheirSealsAreCaughtByTheHead() {
        payThreeInvoicesAndSeal();
        tamper("delete from audit_event e using audit_seal s where s.audit_id = e.id and s.seq >= 8");
        tamper("delete from audit_seal where seq >= 8");

        AuditVerifier.Break broken = f.engine.verifyAudit(ACME).firstBreak().orElseThrow();

        assertThat(broken.problem()).isEqualTo(Problem.TRUNCATED);
        assertThat(broken.seq()).isEqualTo(8);
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
                "truncate audit_event", "update audit_seal set seq = seq + 1", "delete from audit_seal",
                "truncate audit_seal")) {
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
        String cutAt = f.string("select encode(hash, 'hex') from audit_seal where seq = 9");
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
        assertThat(f.count("select count(*) from audit_seal where tenant_id = ?", ACME.value())).isEqualTo(3);
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
        payThreeInvoicesAndSeal();
        long deleted = auditId(6);
        tamper("delete from audit_event where id = ?", deleted);
        f.clock.advance(Duration.ofDays(400));

        long removed = new AuditRetention(f.db, 2).purgeBefore(f.clock.instant().minus(Duration.ofDays(365)));

        assertThat(removed).as("seals 1 to 5, two at a time; seal 6 lost its record").isEqualTo(5);
        AuditVerifier.Result result = f.engine.verifyAudit(ACME);
        assertThat(result.anchorSeq()).isEqualTo(5);
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
    void aTenantWithoutAuditRecordsVerifiesEmpty() {
        AuditVerifier.Result result = f.engine.verifyAudit(TenantId.of(UUID.randomUUID().toString()));

        assertThat(result.intact()).isTrue();
        assertThat(result.verified()).isZero();
        assertThat(result.headHash()).isEqualTo("0".repeat(64));
    }
}
