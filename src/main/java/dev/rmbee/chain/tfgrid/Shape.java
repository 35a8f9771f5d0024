package dev.rmbee.chain.tfgrid;

import dev.rmbee.chain.metadata.Field;
import dev.rmbee.chain.metadata.Primitive;
import dev.rmbee.chain.metadata.TypeDef;
import dev.rmbee.chain.metadata.Variant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shape RMB expects of a registry type, checked against the metadata by {@link ShapeCheck}:
 * primitives, bytes ({@code Vec<u8>} in any single-field wrapper such as {@code BoundedVec}), fixed
 * byte arrays ({@code [u8; N]}, also wrapped, as {@code AccountId32} and {@code H256}), options,
 * vectors, structs with their field names, zero-sized types, compact integers and enums that have
 * given variants.
 */
abstract class Shape {

    /** What the shape is, for messages: {@code Option<bytes>}. */
    abstract String expected();

    /** Checks type {@code id}, reporting each difference at {@code where} (or deeper) to {@code check}. */
    abstract void check(ShapeCheck check, int id, String where);

    static Shape prim(Primitive primitive) {
        return new Leaf(primitive.rustName(), (check, id) -> isPrim(check, check.unwrap(id), primitive));
    }

    static Shape bytes() {
        return new Leaf(
                "bytes",
                (check, id) -> check.types().def(check.unwrap(id)) instanceof TypeDef.Sequence seq
                        && isPrim(check, seq.element(), Primitive.U8));
    }

    static Shape fixedBytes(int length) {
        return new Leaf(
                "[u8; " + length + "]",
                (check, id) -> check.types().def(check.unwrap(id)) instanceof TypeDef.Array array
                        && array.length() == length
                        && isPrim(check, array.element(), Primitive.U8));
    }

    /** A type that encodes to nothing ({@code ()}, {@code PhantomData}, a struct of those). */
    static Shape unit() {
        return new Leaf("()", (check, id) -> check.walker().fixedSize(id) == 0);
    }

    static Shape compact(Primitive primitive) {
        return new Leaf(
                "Compact<" + primitive.rustName() + ">",
                (check, id) -> check.types().def(check.unwrap(id)) instanceof TypeDef.Compact compact
                        && isPrim(check, check.unwrap(compact.inner()), primitive));
    }

    static Shape any() {
        return new Leaf("any", (check, id) -> true);
    }

    static Shape option(Shape inner) {
        return new OptionShape(inner);
    }

    static Shape vec(Shape element) {
        return new VecShape(element);
    }

    /** A struct with exactly these fields in this order: name, shape, name, shape… */
    static Shape struct(Object... namesAndShapes) {
        return new StructShape(namesAndShapes);
    }

    /** An enum that has (at least) these variants; an {@code index} of -1 accepts any index. */
    static EnumShape enumWith(EnumShape.Case... cases) {
        return new EnumShape(List.of(cases));
    }

    static EnumShape.Case variant(String name, int index, Shape... fields) {
        return new EnumShape.Case(name, index, List.of(fields));
    }

    /** A field that must also have this name (call arguments, whose names the builder relies on). */
    static Named named(String name, Shape shape) {
        return new Named(name, shape);
    }

    private static boolean isPrim(ShapeCheck check, int id, Primitive primitive) {
        return check.types().def(id) instanceof TypeDef.Prim prim && prim.primitive() == primitive;
    }

    private interface Test {
        boolean test(ShapeCheck check, int id);
    }

    private static final class Leaf extends Shape {
        private final String expected;
        private final Test test;

        Leaf(String expected, Test test) {
            this.expected = expected;
            this.test = test;
        }

        @Override
        String expected() {
            return expected;
        }

        @Override
        void check(ShapeCheck check, int id, String where) {
            if (!test.test(check, id)) {
                check.differs(where, expected, id);
            }
        }
    }

    private static final class OptionShape extends Shape {
        private final Shape inner;

        OptionShape(Shape inner) {
            this.inner = inner;
        }

        @Override
        String expected() {
            return "Option<" + inner.expected() + ">";
        }

        @Override
        void check(ShapeCheck check, int id, String where) {
            Optional<TypeDef.Variants> variants = check.variants(id);
            Variant none = variants.map(v -> v.byIndex(0)).orElse(null);
            Variant some = variants.map(v -> v.byIndex(1)).orElse(null);
            if (variants.isEmpty()
                    || variants.get().variants().size() != 2
                    || none == null
                    || !none.fields().isEmpty()
                    || some == null
                    || some.fields().size() != 1) {
                check.differs(where, expected(), id);
                return;
            }
            inner.check(check, some.fields().get(0).type(), where);
        }
    }

    private static final class VecShape extends Shape {
        private final Shape element;

        VecShape(Shape element) {
            this.element = element;
        }

        @Override
        String expected() {
            return "Vec<" + element.expected() + ">";
        }

        @Override
        void check(ShapeCheck check, int id, String where) {
            if (check.types().def(check.unwrap(id)) instanceof TypeDef.Sequence sequence) {
                element.check(check, sequence.element(), where + "[]");
            } else {
                check.differs(where, expected(), id);
            }
        }
    }

    private static final class StructShape extends Shape {
        private final List<String> names;
        private final List<Shape> shapes;

        StructShape(Object... namesAndShapes) {
            this.names = pick(namesAndShapes, 0, String.class);
            this.shapes = pick(namesAndShapes, 1, Shape.class);
        }

        @Override
        String expected() {
            return "{" + String.join(", ", names) + "}";
        }

        @Override
        void check(ShapeCheck check, int id, String where) {
            List<Field> fields =
                    check.types().def(id) instanceof TypeDef.Composite composite ? composite.fields() : List.of();
            List<String> found = fields.stream().map(Field::name).collect(Collectors.toList());
            if (!found.equals(names)) {
                check.differs(where, "a struct " + expected(), id, "fields " + found);
                return;
            }
            for (int i = 0; i < names.size(); i++) {
                shapes.get(i).check(check, fields.get(i).type(), where + "." + names.get(i));
            }
        }

        private static <T> List<T> pick(Object[] items, int offset, Class<T> type) {
            return IntStream.range(0, items.length / 2)
                    .mapToObj(i -> type.cast(items[2 * i + offset]))
                    .collect(Collectors.toList());
        }
    }

    static final class Named extends Shape {
        private final String name;
        private final Shape shape;

        Named(String name, Shape shape) {
            this.name = name;
            this.shape = shape;
        }

        String name() {
            return name;
        }

        @Override
        String expected() {
            return name + ": " + shape.expected();
        }

        @Override
        void check(ShapeCheck check, int id, String where) {
            shape.check(check, id, where);
        }
    }
}
