package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the drain asks for several items and when it blocks for one. */
class TakeRuleTest {

    private final TakeRule rule = new TakeRule();

    @Test
    void theFirstTakeAsksForSeveral() {
        assertTrue(rule.several());
    }

    @Test
    void fullTakesKeepAskingForSeveralAndAShortOneBlocksNext() {
        rule.tookSeveral(32, 32);
        assertTrue(rule.several());
        rule.tookSeveral(32, 5);
        assertFalse(rule.several());
    }

    @Test
    void aBlockingTakeThatFoundAnItemIsFollowedByAProbe() {
        rule.tookSeveral(32, 0);
        rule.tookOne(true);
        assertTrue(rule.several());
    }

    @Test
    void aBlockingTakeThatTimedOutBlocksAgain() {
        rule.tookSeveral(32, 0);
        rule.tookOne(false);
        assertFalse(rule.several());
    }

    @Test
    void emptyProbesDoubleTheBlockingTakesBetweenProbes() {
        rule.tookSeveral(32, 0);
        assertEquals(1, blockingTakesUntilAProbe());
        rule.tookSeveral(32, 0);
        assertEquals(2, blockingTakesUntilAProbe());
        rule.tookSeveral(32, 0);
        assertEquals(4, blockingTakesUntilAProbe());
    }

    @Test
    void theGapBetweenProbesIsBounded() {
        rule.tookSeveral(32, 0);
        for (int i = 0; i < 10; i++) {
            blockingTakesUntilAProbe();
            rule.tookSeveral(32, 0);
        }
        assertEquals(TakeRule.MAX_GAP, rule.gap());
        assertEquals(TakeRule.MAX_GAP, blockingTakesUntilAProbe());
    }

    @Test
    void aProbeThatFoundItemsProbesAfterTheNextBlockingTakeAgain() {
        rule.tookSeveral(32, 0);
        for (int i = 0; i < 3; i++) {
            blockingTakesUntilAProbe();
            rule.tookSeveral(32, 0);
        }
        blockingTakesUntilAProbe();
        rule.tookSeveral(32, 3);
        assertFalse(rule.several(), "the list is empty now");
        assertEquals(1, blockingTakesUntilAProbe());
    }

    @Test
    void aFullProbeBatchesAgainAtOnce() {
        rule.tookSeveral(32, 0);
        for (int i = 0; i < 5; i++) {
            blockingTakesUntilAProbe();
            rule.tookSeveral(32, 0);
        }
        blockingTakesUntilAProbe();
        rule.tookSeveral(32, 32);
        assertTrue(rule.several());
        assertEquals(1, rule.gap());
    }

    /** Blocking takes that find an item, until the rule asks for several. */
    private int blockingTakesUntilAProbe() {
        int takes = 0;
        do {
            rule.tookOne(true);
            takes++;
        } while (!rule.several());
        return takes;
    }
}
