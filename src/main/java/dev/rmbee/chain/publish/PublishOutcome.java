package dev.rmbee.chain.publish;

/** What a publish did: nothing (the chain already matched), published (in a finalized block), or failed. */
public record PublishOutcome(Kind kind, String detail) {

    public enum Kind {
        UNCHANGED,
        PUBLISHED,
        FAILED
    }

    static PublishOutcome unchanged(String detail) {
        return new PublishOutcome(Kind.UNCHANGED, detail);
    }

    static PublishOutcome published(String detail) {
        return new PublishOutcome(Kind.PUBLISHED, detail);
    }

    static PublishOutcome failed(String detail) {
        return new PublishOutcome(Kind.FAILED, detail);
    }

    public boolean failed() {
        return kind == Kind.FAILED;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail;
    }
}
