package io.finrelay.server.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * Partners' brands (white-label): the name and colour the console shows, and the host names each partner
 * serves. A host is looked up on every console page, so answers are kept for a short while (a change made
 * on another node shows within {@link #CACHED}; on this node at once).
 */
@Repository
public class PartnerBrands {
    /** How long a host's brand (or its absence) is kept before it is read again. */
    static final Duration CACHED = Duration.ofSeconds(30);

    /** A partner's brand: its name, its primary colour ({@code #RRGGBB}), the hosts it serves and whether it has a logo. */
    public record Brand(PartnerId partnerId, String name, String primaryColour, List<String> hosts, boolean hasLogo) {}

    private final Database db;
    private final Cache<String, Optional<Brand>> byHost = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(CACHED).build();

    public PartnerBrands(Database db) {
        this.db = db;
    }

    /** The brand of the partner that serves {@code host}, if any. */
    public Optional<Brand> forHost(String host) {
        String key = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        return byHost.get(key, h -> db.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select partner_id from partner_host where host = ?")) {
                select.setString(1, h);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? find(c, new PartnerId(rs.getObject(1, UUID.class))) : Optional.<Brand>empty();
                }
            }
        }));
    }

    /** A partner's brand, if it has set one. */
    public Optional<Brand> find(PartnerId partner) {
        return db.inTransaction(c -> find(c, partner));
    }

    /**
     * Sets a partner's brand and hosts in one transaction, replacing what was there. A host another
     * partner serves is refused (empty answer: nothing changed).
     */
    public Optional<Brand> put(Brand brand, Instant now) {
        try {
            Optional<Brand> set = db.inTransaction(c -> put(c, brand, now));
            byHost.invalidateAll();
            return set;
        } catch (io.finrelay.engine.db.DatabaseException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return Optional.empty(); // another partner took one of the hosts at the same moment
            }
            throw e;
        }
    }

    private Optional<Brand> put(Connection c, Brand brand, Instant now) throws SQLException {
        for (String host : brand.hosts()) {
            try (PreparedStatement taken = c.prepareStatement(
                    "select 1 from partner_host where host = ? and partner_id <> ?")) {
                taken.setString(1, host);
                taken.setObject(2, brand.partnerId().value());
                try (ResultSet rs = taken.executeQuery()) {
                    if (rs.next()) {
                        return Optional.empty();
                    }
                }
            }
        }
        try (PreparedStatement upsert = c.prepareStatement("insert into partner_brand (partner_id, name, primary_colour, "
                + "updated_at) values (?, ?, ?, ?) on conflict (partner_id) do update set name = excluded.name, "
                + "primary_colour = excluded.primary_colour, updated_at = excluded.updated_at");
             PreparedStatement clear = c.prepareStatement("delete from partner_host where partner_id = ?");
             PreparedStatement add = c.prepareStatement("insert into partner_host (host, partner_id) values (?, ?)")) {
            upsert.setObject(1, brand.partnerId().value());
            upsert.setString(2, brand.name());
            upsert.setString(3, brand.primaryColour());
            upsert.setTimestamp(4, Timestamp.from(now));
            upsert.executeUpdate();
            clear.setObject(1, brand.partnerId().value());
            clear.executeUpdate();
            for (String host : brand.hosts()) {
                add.setString(1, host);
                add.setObject(2, brand.partnerId().value());
                add.addBatch();
            }
            add.executeBatch();
        }
        return Optional.of(brand);
    }

    /**
     * Sets the logo of a partner that has a brand (a PNG the caller has checked); false when it has none yet.
     */
    public boolean putLogo(PartnerId partner, byte[] png) {
        boolean set = db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("update partner_brand set logo = ? where partner_id = ?")) {
                update.setBytes(1, png);
                update.setObject(2, partner.value());
                return update.executeUpdate() == 1;
            }
        });
        byHost.invalidateAll();
        return set;
    }

    /** The logo of the partner that serves {@code host}, if it has one. */
    public Optional<byte[]> logoForHost(String host) {
        Optional<Brand> brand = forHost(host).filter(Brand::hasLogo);
        if (brand.isEmpty()) {
            return Optional.empty();
        }
        return db.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select logo from partner_brand where partner_id = ?")) {
                select.setObject(1, brand.get().partnerId().value());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    private static Optional<Brand> find(Connection c, PartnerId partner) throws SQLException {
        try (PreparedStatement brand = c.prepareStatement(
                "select name, primary_colour, logo is not null from partner_brand where partner_id = ?");
             PreparedStatement hosts = c.prepareStatement(
                     "select host from partner_host where partner_id = ? order by host")) {
            brand.setObject(1, partner.value());
            try (ResultSet rs = brand.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                hosts.setObject(1, partner.value());
                List<String> names = new ArrayList<>();
                try (ResultSet h = hosts.executeQuery()) {
                    while (h.next()) {
                        names.add(h.getString(1));
                    }
                }
                return Optional.of(new Brand(partner, rs.getString(1), rs.getString(2), List.copyOf(names), rs.getBoolean(3)));
            }
        }
    }
}
