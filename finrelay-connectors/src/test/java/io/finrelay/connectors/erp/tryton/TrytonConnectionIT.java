package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.connectors.erp.tryton.ConnectionCheck.Problem;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connection test says in plain words what is wrong, against the real server. */
class TrytonConnectionIT {
    private static TrytonPeer peer;

    @BeforeAll
    static void start() {
        peer = TrytonITSupport.peer();
    }

    @Test
    void aGoodConfigurationConnects() {
        ConnectionCheck.Report report = ConnectionCheck.run(peer.config(), LocalDate.now());
        assertThat(report.ok()).as(report.message()).isTrue();
        assertThat(report.serverVersion()).startsWith("6.0");
    }

    @Test
    void badCredentialsAreNamed() {
        ConnectionCheck.Report report = ConnectionCheck.run(peer.config().withSecret("not-the-password"), LocalDate.now());
        assertThat(report.problem()).isEqualTo(Problem.BAD_CREDENTIALS);
        assertThat(report.message()).contains("bad credentials").contains("admin");
    }

    @Test
    void anUnknownDatabaseIsNamed() {
        ConnectionCheck.Report report = ConnectionCheck.run(peer.config().withDatabase("nosuchdb"), LocalDate.now());
        assertThat(report.problem()).isEqualTo(Problem.UNKNOWN_DATABASE);
        assertThat(report.message()).contains("nosuchdb");
    }

    @Test
    void anUnreachableServerIsNamed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectionCheck.Report report = ConnectionCheck.run(peer.config().withUrl(
                URI.create("http://127.0.0.1:" + port + "/")), LocalDate.now());
        assertThat(report.problem()).isEqualTo(Problem.UNREACHABLE);
        assertThat(report.message()).contains("unreachable");
    }

    @Test
    void noOpenFiscalYearIsNamed() {
        ConnectionCheck.Report report = ConnectionCheck.run(peer.config(), LocalDate.of(1990, 6, 1));
        assertThat(report.problem()).isEqualTo(Problem.NO_OPEN_FISCAL_YEAR);
        assertThat(report.message()).contains("no open fiscal year").contains("1990-06-01");
    }

    @Test
    void aMissingPostingJournalIsNamed() {
        ConnectionCheck.Report report = ConnectionCheck.run(peer.config().withJournalCode("NOPE"), LocalDate.now());
        assertThat(report.problem()).isEqualTo(Problem.NO_JOURNAL);
    }
}
