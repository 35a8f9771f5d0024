package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.Variant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum (also in a single-field wrapper, as {@code CheckMortality(Era)}) that has the given variants
 * (others may exist), each with its fields' shapes.
 */
final class EnumShape extends Shape {

    /** A variant that must exist: its name, its index (-1: any) and its fields' shapes in order. */
    record Case(String name, int index, List<Shape> fields) {}

    private final List<Case> cases;

    EnumShape(List<Case> cases) {
        this.cases = List.copyOf(cases);
    }

    @Override
    String expected() {
        return "an enum with " + cases.stream().map(Case::name).collect(Collectors.joining(", "));
    }

    @Override
    void check(ShapeCheck check, int id, String where) {
        Optional<TypeDef.Variants> variants = check.variants(check.unwrap(id));
        if (variants.isEmpty()) {
            check.differs(where, expected(), id);
            return;
        }
        for (Case expected : cases) {
            checkCase(check, variants.get(), expected, where + "::" + expected.name());
        }
    }

    private static void checkCase(ShapeCheck check, TypeDef.Variants variants, Case expected, String where) {
        Optional<Variant> found = variants.byName(expected.name());
        if (found.isEmpty()) {
            check.missing(where);
            return;
        }
        Variant variant = found.get();
        if (expected.index() >= 0 && variant.index() != expected.index()) {
            check.problem(where + ": expected index " + expected.index() + ", found " + variant.index());
        }
        if (variant.fields().size() != expected.fields().size()) {
            check.problem(where + ": expected " + expected.fields().size() + " fields, found "
                    + variant.fields().size());
            return;
        }
        for (int i = 0; i < expected.fields().size(); i++) {
            expected.fields().get(i).check(check, variant.fields().get(i).type(), where + "." + i);
        }
    }
}
