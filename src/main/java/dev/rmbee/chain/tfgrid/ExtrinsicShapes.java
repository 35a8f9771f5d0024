package dev.rmbee.chain.tfgrid;

import static dev.rmbee.chain.tfgrid.Shape.compact;
import static dev.rmbee.chain.tfgrid.Shape.enumWith;
import static dev.rmbee.chain.tfgrid.Shape.fixedBytes;
import static dev.rmbee.chain.tfgrid.Shape.prim;
import static dev.rmbee.chain.tfgrid.Shape.unit;
import static dev.rmbee.chain.tfgrid.Shape.variant;

import dev.rmbee.chain.metadata.ExtrinsicInfo;
import dev.rmbee.chain.metadata.Primitive;
import dev.rmbee.chain.metadata.SignedExtension;
import dev.rmbee.chain.metadata.TypeParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the extrinsic builder assumes of the runtime's extrinsic format (chain.md §4): version 4,
 * {@code MultiAddress::Id} at index 0, {@code MultiSignature} Ed25519 at 0 and Sr25519 at 1, and the
 * signed extensions in their order, each with the extra (in the extrinsic) and additional (signed only)
 * data the builder writes.
 */
final class ExtrinsicShapes {

    static final int VERSION = 4;

    /** Name → {extra, additional}, in the order the builder writes them. */
    private static final Map<String, Shape[]> EXTENSIONS = extensions();

    private ExtrinsicShapes() {}

    /** The signed extension names, in the runtime's order. */
    static List<String> check(ShapeCheck check) {
        ExtrinsicInfo info = check.metadata().extrinsic();
        if (info.version() != VERSION) {
            check.problem("extrinsic version: expected " + VERSION + ", found " + info.version());
        }
        checkParam(check, info, "Address", enumWith(variant("Id", 0, fixedBytes(32))));
        checkParam(
                check,
                info,
                "Signature",
                enumWith(variant("Ed25519", 0, fixedBytes(64)), variant("Sr25519", 1, fixedBytes(64))));
        List<String> names = info.signedExtensions().stream()
                .map(SignedExtension::identifier)
                .collect(Collectors.toList());
        if (!names.equals(List.copyOf(EXTENSIONS.keySet()))) {
            check.problem("signed extensions: expected " + EXTENSIONS.keySet() + ", found " + names);
        }
        for (SignedExtension extension : info.signedExtensions()) {
            Shape[] shapes = EXTENSIONS.get(extension.identifier());
            if (shapes != null) {
                String where = "signed extension " + extension.identifier();
                shapes[0].check(check, extension.extraType(), where + " extra");
                shapes[1].check(check, extension.additionalType(), where + " additional");
            }
        }
        return names;
    }

    private static void checkParam(ShapeCheck check, ExtrinsicInfo info, String name, Shape shape) {
        String where = "extrinsic " + name;
        Optional<Integer> type = check.types().get(info.type()).params().stream()
                .filter(param -> param.name().equals(name))
                .map(TypeParam::type)
                .filter(id -> id != null)
                .findFirst();
        if (type.isEmpty()) {
            check.missing(where);
        } else {
            shape.check(check, type.get(), where);
        }
    }

    private static Map<String, Shape[]> extensions() {
        Shape era = enumWith(variant("Immortal", 0), variant("Mortal1", 1, prim(Primitive.U8)));
        Map<String, Shape[]> extensions = new LinkedHashMap<>();
        extensions.put("CheckNonZeroSender", new Shape[] {unit(), unit()});
        extensions.put("CheckSpecVersion", new Shape[] {unit(), prim(Primitive.U32)});
        extensions.put("CheckTxVersion", new Shape[] {unit(), prim(Primitive.U32)});
        extensions.put("CheckGenesis", new Shape[] {unit(), fixedBytes(32)});
        extensions.put("CheckMortality", new Shape[] {era, fixedBytes(32)});
        extensions.put("CheckNonce", new Shape[] {compact(Primitive.U32), unit()});
        extensions.put("CheckWeight", new Shape[] {unit(), unit()});
        extensions.put("ChargeTransactionPayment", new Shape[] {compact(Primitive.U128), unit()});
        return extensions;
    }
}
