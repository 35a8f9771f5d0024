package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A peer learns its own twin id from its account: the local registry can tell, through a cache too. */
class TwinLookupByAccountTest {

    private static final TwinCache.Limits LIMITS =
            new TwinCache.Limits(10, Duration.ofMinutes(5), 10, Duration.ofSeconds(10));

    private static byte[] account(int fill) {
        byte[] account = new byte[32];
        java.util.Arrays.fill(account, (byte) fill);
        return account;
    }

    private final LocalTwinRegistry twins = new LocalTwinRegistry();

    @Test
    void findsTheTwinOfAnAccount() throws Exception {
        twins.put(new Twin(7, account(1), Set.of("r"), null));
        twins.put(new Twin(8, account(2), Set.of("r"), null));
        assertEquals(OptionalInt.of(8), twins.findIdByAccount(account(2)));
        assertEquals(OptionalInt.empty(), twins.findIdByAccount(account(3)));
        twins.remove(8);
        assertEquals(OptionalInt.empty(), twins.findIdByAccount(account(2)));
    }

    @Test
    void sharedAccountGivesTheLowestUnsignedId() throws Exception {
        twins.put(new Twin(-1, account(1), Set.of(), null)); // 4294967295
        twins.put(new Twin(20, account(1), Set.of(), null));
        twins.put(new Twin(10, account(1), Set.of(), null));
        assertEquals(OptionalInt.of(10), twins.findIdByAccount(account(1)));
    }

    @Test
    void theCacheAsksItsSource() throws Exception {
        twins.put(new Twin(7, account(1), Set.of("r"), null));
        TwinCache cache = new TwinCache(twins, LIMITS, Clock.systemUTC());
        assertEquals(OptionalInt.of(7), cache.findIdByAccount(account(1)));
        twins.put(new Twin(7, account(2), Set.of("r"), null));
        assertEquals(OptionalInt.of(7), cache.findIdByAccount(account(2)));
    }

    @Test
    void registriesThatCannotLookUpByAccountSaySo() {
        TwinRegistry byIdOnly = id -> Optional.empty();
        RegistryException e = assertThrows(RegistryException.class, () -> byIdOnly.findIdByAccount(account(1)));
        assertEquals("this twin registry cannot look twins up by account", e.getMessage());
        TwinCache cache = new TwinCache(byIdOnly, LIMITS, Clock.systemUTC());
        assertThrows(RegistryException.class, () -> cache.findIdByAccount(account(1)));
    }
}
