package dev.rmbee.relay.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueBudgetTest {

    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final int CAROL = 3;
    private static final int DAVE = 4;

    /** 100 bytes in all, 40 per destination (20 per sender and destination), 30 per sender. */
    private final QueueBudget budget = new QueueBudget(new QueueBudget.Limits(100, 40, 30));

    @Test
    void whatFitsIsChargedToTheTotalTheDestinationAndTheSender() {
        budget.reserve(BOB, ALICE, 20);

        assertEquals(20, budget.used());
        assertEquals(20, budget.usedFor(BOB));
        assertEquals(20, budget.usedFrom(ALICE));
        assertEquals(0, budget.usedFor(ALICE));
    }

    @Test
    void theTotalRefusesWhatNoShareWouldHaveRefused() {
        QueueBudget small = new QueueBudget(new QueueBudget.Limits(50, 40, 40));
        small.reserve(BOB, ALICE, 20);
        small.reserve(CAROL, DAVE, 20);

        QueueFullException full = assertThrows(QueueFullException.class, () -> small.reserve(DAVE, BOB, 20));

        assertEquals("relay out of queue space", full.getMessage());
        assertEquals(40, small.used(), "nothing charged for the refused envelope");
    }

    @Test
    void aDestinationTakesAtMostItsShareFromAllSendersTogether() {
        budget.reserve(BOB, ALICE, 20);
        budget.reserve(BOB, CAROL, 20);

        QueueFullException full = assertThrows(QueueFullException.class, () -> budget.reserve(BOB, DAVE, 1));

        assertEquals("queue full for twin " + BOB, full.getMessage());
        budget.reserve(CAROL, DAVE, 1);
    }

    @Test
    void aSenderTakesAtMostItsShareOverAllDestinations() {
        budget.reserve(BOB, ALICE, 15);
        budget.reserve(CAROL, ALICE, 15);

        QueueFullException full = assertThrows(QueueFullException.class, () -> budget.reserve(DAVE, ALICE, 1));

        assertEquals("queue full: too much waiting from twin " + ALICE, full.getMessage());
        budget.reserve(DAVE, BOB, 1);
    }

    @Test
    void oneSenderTakesAtMostHalfOfADestinationsShareSoTheOtherHalfStaysForEveryoneElse() {
        budget.reserve(BOB, ALICE, 20);

        QueueFullException full = assertThrows(QueueFullException.class, () -> budget.reserve(BOB, ALICE, 1));

        assertEquals("queue full for twin " + BOB + ": too much waiting from twin " + ALICE, full.getMessage());
        budget.reserve(BOB, CAROL, 20);
        assertEquals(40, budget.usedFor(BOB));
    }

    @Test
    void theRelaysOwnErrorEnvelopesCountOnlyAgainstTheTotalAndTheirDestination() {
        budget.reserve(BOB, QueueBudget.RELAY, 35);

        assertEquals(35, budget.usedFor(BOB));
        assertEquals(0, budget.usedFrom(QueueBudget.RELAY));
        assertThrows(QueueFullException.class, () -> budget.reserve(BOB, QueueBudget.RELAY, 6));
    }

    @Test
    void releasedBytesCanBeTakenAgain() {
        budget.reserve(BOB, ALICE, 20);
        assertThrows(QueueFullException.class, () -> budget.reserve(BOB, ALICE, 1));

        budget.release(BOB, ALICE, 20);

        assertEquals(0, budget.used());
        assertEquals(0, budget.usedFor(BOB));
        assertEquals(0, budget.usedFrom(ALICE));
        budget.reserve(BOB, ALICE, 20);
    }

    @Test
    void theDefaultsAreAQuarterOfTheHeapAndAQuarterOfThatPerTwin() {
        long heap = 256L << 20;

        QueueBudget.Limits limits = QueueBudget.Limits.ofTotal(QueueBudget.Limits.defaultTotal(heap));

        assertEquals(new QueueBudget.Limits(64L << 20, 16L << 20, 16L << 20), limits);
        assertEquals(8L << 20, limits.perPair());
    }

    @Test
    void limitsBelowOneByteAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new QueueBudget.Limits(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new QueueBudget.Limits(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new QueueBudget.Limits(1, 1, 0));
    }
}
