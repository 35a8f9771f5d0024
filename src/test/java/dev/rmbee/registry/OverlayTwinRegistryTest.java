package dev.rmbee.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverlayTwinRegistryTest {

    private final LocalTwinRegistry local = new LocalTwinRegistry();
    private final LocalTwinRegistry chain = new LocalTwinRegistry();
    private final OverlayTwinRegistry overlay = new OverlayTwinRegistry(local, chain);

    private static Twin twin(int id, int key, String relay) {
        byte[] account = new byte[32];
        Arrays.fill(account, (byte) key);
        return new Twin(id, account, Set.of(relay), null);
    }

    @Test
    void aLocalTwinWinsOverTheChainsWithTheSameId() throws Exception {
        chain.put(twin(1, 1, "chain.relay"));
        chain.put(twin(2, 2, "chain.relay"));
        local.put(twin(1, 9, "local.relay"));
        assertEquals(Optional.of(twin(1, 9, "local.relay")), overlay.find(1));
        assertEquals(Optional.of(twin(1, 9, "local.relay")), overlay.lookup(1).join());
        assertEquals(Optional.of(twin(2, 2, "chain.relay")), overlay.find(2));
        assertEquals(Optional.empty(), overlay.lookup(3).join());
    }

    @Test
    void localChangesTakeEffectAtOnce() throws Exception {
        chain.put(twin(1, 1, "chain.relay"));
        local.put(twin(1, 9, "local.relay"));
        local.remove(1);
        assertEquals(Optional.of(twin(1, 1, "chain.relay")), overlay.find(1));
    }

    @Test
    void accountsAreLookedUpLocallyFirst() throws Exception {
        chain.put(twin(5, 7, "chain.relay"));
        local.put(twin(6, 7, "local.relay"));
        byte[] account = twin(1, 7, "x").account();
        assertEquals(OptionalInt.of(6), overlay.findIdByAccount(account));
        local.remove(6);
        assertEquals(OptionalInt.of(5), overlay.findIdByAccount(account));
        assertTrue(overlay.findIdByAccount(new byte[32]).isEmpty());
    }
}
