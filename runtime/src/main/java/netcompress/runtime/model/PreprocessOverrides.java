package netcompress.runtime.model;

/**
 * Preprocessing set on the command line ({@code --size}, {@code --mean}, {@code --std}); each null
 * when not given, and then the model's metadata or the defaults decide.
 */
public record PreprocessOverrides(int[] size, float[] mean, float[] std) {
    public static PreprocessOverrides none() {
        return new PreprocessOverrides(null, null, null);
    }
}
