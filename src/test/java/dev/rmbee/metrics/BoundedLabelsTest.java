package dev.rmbee.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class BoundedLabelsTest {

    private final BoundedLabels<LongAdder> labels = new BoundedLabels<>(2, LongAdder::new);

    @Test
    void aLabelKeepsItsValue() {
        assertSame(labels.get("a.example"), labels.get("a.example"));
    }

    @Test
    void labelsBeyondTheBoundShareOther() {
        labels.get("a.example").increment();
        labels.get("b.example").increment();

        labels.get("c.example").increment();
        labels.get("d.example").increment();

        assertEquals(
                List.of("a.example", "b.example", BoundedLabels.OTHER),
                List.copyOf(labels.snapshot().keySet()));
        assertEquals(2, labels.get("e.example").sum());
        assertSame(labels.get(BoundedLabels.OTHER), labels.get("c.example"));
    }

    @Test
    void aWatcherHearsOfLabelsThereAreAndOfEachNewOneOnce() {
        labels.get("a.example");
        List<String> heard = new ArrayList<>();

        labels.watch((label, value) -> heard.add(label));
        labels.get("a.example");
        labels.get("b.example");
        labels.get("b.example");
        labels.get("c.example");
        labels.get("d.example");

        assertEquals(List.of("a.example", "b.example", BoundedLabels.OTHER), heard);
    }

    @Test
    void aFailingWatcherDoesNotStopTheCounting() {
        labels.watch((label, value) -> {
            throw new IllegalStateException("registry gone");
        });

        labels.get("a.example").increment();

        assertEquals(1, labels.get("a.example").sum());
    }

    @Test
    void theSnapshotIsSortedAndACopy() {
        labels.get("b.example");
        labels.get("a.example");

        Map<String, LongAdder> snapshot = labels.snapshot();
        labels.get("c.example");

        assertEquals(List.of("a.example", "b.example"), List.copyOf(snapshot.keySet()));
    }

    @Test
    void atLeastOneLabelMustBeAllowed() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedLabels<>(0, LongAdder::new));
    }
}
