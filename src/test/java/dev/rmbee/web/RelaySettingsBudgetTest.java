package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.relay.budget.QueueBudget;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelaySettingsBudgetTest {

    private static RelaySettings settings(Optional<Long> budget, Optional<Long> twinShare, Optional<Long> senderShare) {
        RelaySettings settings = new RelaySettings();
        settings.queueBudgetBytes = budget;
        settings.queueTwinShareBytes = twinShare;
        settings.queueSenderShareBytes = senderShare;
        return settings;
    }

    @Test
    void withoutSettingsTheBudgetIsAQuarterOfTheHeapAndEachShareAQuarterOfThat() {
        long total = Runtime.getRuntime().maxMemory() / 4;

        QueueBudget.Limits limits =
                settings(Optional.empty(), Optional.empty(), Optional.empty()).queueBudget();

        assertEquals(new QueueBudget.Limits(total, total / 4, total / 4), limits);
    }

    @Test
    void theSharesFollowASetBudgetUnlessSetThemselves() {
        assertEquals(
                new QueueBudget.Limits(1_000_000, 250_000, 250_000),
                settings(Optional.of(1_000_000L), Optional.empty(), Optional.empty())
                        .queueBudget());
        assertEquals(
                new QueueBudget.Limits(1_000_000, 100_000, 50_000),
                settings(Optional.of(1_000_000L), Optional.of(100_000L), Optional.of(50_000L))
                        .queueBudget());
    }
}
