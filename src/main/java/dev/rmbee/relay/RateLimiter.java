package dev.rmbee.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-twin limits on messages and bytes in fixed windows aligned to the Unix epoch (relay.md §9):
 * a message larger than the byte limit is refused without being counted; otherwise it is counted
 * and refused when the window's count or bytes go over the limit. Counters are shared by all
 * sessions of a twin on this relay instance.
 */
public final class RateLimiter {

    private static final RateLimiter UNLIMITED = new RateLimiter(0, 0, Duration.ofSeconds(60), Clock.systemUTC(), 1);

    private final long maxCount;
    private final long maxBytes;
    private final long windowMillis;
    private final Clock clock;
    private final int maxTracked;
    private final ConcurrentMap<Integer, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param maxCount messages per window and twin; 0 means no count limit
     * @param maxBytes bytes per window and twin; 0 means no byte limit
     * @param maxTracked twins tracked before stale windows are swept
     */
    public RateLimiter(long maxCount, long maxBytes, Duration window, Clock clock, int maxTracked) {
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("rate limit window must be positive");
        }
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    public static RateLimiter unlimited() {
        return UNLIMITED;
    }

    public boolean isEnabled() {
        return maxCount > 0 || maxBytes > 0;
    }

    /** Counts a message of {@code bytes} from {@code twin}; false when it must be dropped. */
    public boolean admit(int twin, long bytes) {
        if (!isEnabled()) {
            return true;
        }
        if (maxBytes > 0 && bytes > maxBytes) {
            return false;
        }
        long index = clock.millis() / windowMillis;
        if (windows.size() > maxTracked) {
            windows.values().removeIf(window -> window.index != index);
        }
        Window window = windows.computeIfAbsent(twin, key -> new Window());
        synchronized (window) {
            if (window.index != index) {
                window.index = index;
                window.count = 0;
                window.bytes = 0;
            }
            window.count++;
            window.bytes += bytes;
            return (maxCount <= 0 || window.count <= maxCount) && (maxBytes <= 0 || window.bytes <= maxBytes);
        }
    }

    private static final class Window {
        long index = Long.MIN_VALUE;
        long count;
        long bytes;
    }
}
