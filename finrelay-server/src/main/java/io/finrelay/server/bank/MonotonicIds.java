package io.finrelay.server.bank;

import io.finrelay.engine.runtime.IdGenerator;
import java.util.UUID;

/**
 * Time-ordered ids that also never go backwards within one generator: files are listed newest
 * first by id, and two small files taken in within one millisecond would otherwise be ordered by the
 * random bits of their UUIDv7. Across nodes the order is that of the clocks, to the millisecond.
 */
final class MonotonicIds implements IdGenerator {
    private final IdGenerator timeOrdered;
    private UUID last;

    MonotonicIds(IdGenerator timeOrdered) {
        this.timeOrdered = timeOrdered;
    }

    @Override
    public synchronized UUID next() {
        UUID id = timeOrdered.next();
        if (last != null && compare(id, last) <= 0) {
            // The low bits are random in a UUIDv7; one more keeps the version and variant bits.
            id = new UUID(last.getMostSignificantBits(), last.getLeastSignificantBits() + 1);
        }
        last = id;
        return id;
    }

    /** PostgreSQL orders uuids by their bytes, unsigned. */
    static int compare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
