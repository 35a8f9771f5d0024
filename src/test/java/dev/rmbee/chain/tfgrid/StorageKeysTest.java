package dev.rmbee.chain.tfgrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StorageKeysTest {

    private static final JsonObject KEYS =
            Vectors.load("chain/polkadotjs-spec149.json").getJsonObject("storageKeys");

    @Test
    void twinKeysEqualPolkadotJs() {
        assertKey("TfgridModule.Twins(1)", StorageKeys.twins(1));
        assertKey("TfgridModule.Twins(55)", StorageKeys.twins(55));
        assertKey("TfgridModule.Twins(4294967295)", StorageKeys.twins(-1));
        assertKey("TfgridModule.Twins prefix (for state_getKeysPaged)", StorageKeys.twinsPrefix());
        assertKey("TfgridModule.TwinID", StorageKeys.twinId());
    }

    @Test
    void accountKeysEqualPolkadotJs() {
        int checked = 0;
        for (String name : KEYS.keySet()) {
            Function<byte[], byte[]> key = name.startsWith("TfgridModule.TwinIdByAccountID(")
                    ? StorageKeys::twinIdByAccount
                    : name.startsWith("System.Account(") ? StorageKeys::systemAccount : null;
            if (key != null) {
                String account = name.substring(name.indexOf('(') + 1, name.length() - 1);
                assertKey(name, key.apply(Vectors.hex(account)));
                checked++;
            }
        }
        assertEquals(3, checked);
    }

    @Test
    void systemEventsKeyEqualsPolkadotJs() {
        assertKey("System.Events", StorageKeys.systemEvents());
    }

    @Test
    void theRuntimesTwinKeysAreTheSame() {
        JsonObject storage = Vectors.load("chain/runtime-spec144.json").getJsonObject("storage");
        assertArrayEquals(Vectors.hex(storage.getJsonObject("Twins(1)").getString("key")), StorageKeys.twins(1));
        assertArrayEquals(Vectors.hex(storage.getJsonObject("Twins(2)").getString("key")), StorageKeys.twins(2));
    }

    @Test
    void anAccountMustBe32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.twinIdByAccount(new byte[31]));
    }

    private static void assertKey(String name, byte[] actual) {
        assertArrayEquals(Vectors.hex(KEYS.getString(name)), actual, name);
    }
}
