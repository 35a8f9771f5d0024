package dev.rmbee.chain.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.Vectors;
import org.junit.jupiter.api.Test;

class Ss58Test {

    private static final String ALICE_SR25519 = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final byte[] ALICE_ACCOUNT =
            Vectors.hex("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");

    @Test
    void aliceSr25519IsTheWellKnownAddress() {
        byte[] account = SubstrateKeys.signer("//Alice", KeyType.SR25519).publicKey();
        assertArrayEquals(ALICE_ACCOUNT, account);
        assertEquals(ALICE_SR25519, Ss58.encode(account));
        assertArrayEquals(ALICE_ACCOUNT, Ss58.decode(ALICE_SR25519));
    }

    @Test
    void aliceEd25519AndOtherPrefixes() {
        byte[] ed25519 = SubstrateKeys.signer("//Alice", KeyType.ED25519).publicKey();
        assertEquals("5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu", Ss58.encode(ed25519));
        String polkadot = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
        assertEquals(polkadot, Ss58.encode(ALICE_ACCOUNT, 0));
        assertArrayEquals(ALICE_ACCOUNT, Ss58.decode(polkadot, 0));
    }

    @Test
    void leadingZerosSurviveTheRoundTrip() {
        byte[] zeros = new byte[32];
        String address = Ss58.encode(zeros, 0);
        assertTrue(address.startsWith("1"), address);
        assertArrayEquals(zeros, Ss58.decode(address, 0));
        assertArrayEquals(zeros, Ss58.decode(Ss58.encode(zeros)));
    }

    @Test
    void decodeChecksPrefixChecksumLengthAndAlphabet() {
        String badChecksum = ALICE_SR25519.substring(0, ALICE_SR25519.length() - 1) + "R";
        assertMessage("checksum mismatch", badChecksum, 42);
        assertMessage("prefix 0 where 42", "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5", 42);
        assertMessage("holds 35 bytes", ALICE_SR25519.substring(0, 40), 42);
        assertMessage("'0' at index 3 is not base58", "5Gr0", 42);
        assertThrows(IllegalArgumentException.class, () -> Ss58.encode(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Ss58.encode(ALICE_ACCOUNT, 64));
    }

    private static void assertMessage(String expected, String address, int prefix) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> Ss58.decode(address, prefix));
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }
}
