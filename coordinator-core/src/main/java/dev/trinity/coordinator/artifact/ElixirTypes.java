package dev.trinity.coordinator.artifact;

import dev.trinity.coordinator.safetensors.DType;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Nx type strings of a manifest ({@code "{:bf, 16}"}, {@code "{:f, 32}"}) and their safetensors dtypes. */
public final class ElixirTypes {

    private static final Pattern TYPE = Pattern.compile("\\{\\s*:(bf|f|s|u)\\s*,\\s*(\\d+)\\s*\\}");

    private ElixirTypes() {
    }

    /**
     * The safetensors dtype of an Nx type string.
     *
     * @param type for example {@code "{:bf, 16}"}
     * @return the dtype, or empty when the text is not an Nx type this format can store
     */
    public static Optional<DType> toDType(String type) {
        if (type == null) {
            return Optional.empty();
        }
        Matcher m = TYPE.matcher(type.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String key = m.group(1) + m.group(2);
        switch (key) {
            case "bf16":
                return Optional.of(DType.BF16);
            case "f16":
                return Optional.of(DType.F16);
            case "f32":
                return Optional.of(DType.F32);
            case "f64":
                return Optional.of(DType.F64);
            case "s8":
                return Optional.of(DType.I8);
            case "s16":
                return Optional.of(DType.I16);
            case "s32":
                return Optional.of(DType.I32);
            case "s64":
                return Optional.of(DType.I64);
            case "u8":
                return Optional.of(DType.U8);
            case "u16":
                return Optional.of(DType.U16);
            case "u32":
                return Optional.of(DType.U32);
            case "u64":
                return Optional.of(DType.U64);
            default:
                return Optional.empty();
        }
    }
}
