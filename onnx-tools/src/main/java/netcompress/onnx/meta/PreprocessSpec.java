package netcompress.onnx.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.errors.BadInputException;

import java.util.Arrays;

/**
 * How an image becomes the model's input tensor. Travels with the model in its metadata.
 *
 * @param height   input height in pixels
 * @param width    input width in pixels
 * @param resize   {@link #STRETCH} (torchvision Resize((h,w)): aspect not kept) or
 *                 {@link #SHORTER_CENTER_CROP} (Resize(shorter side) then CenterCrop)
 * @param mean     per-channel mean subtracted after scaling to [0,1]
 * @param std      per-channel divisor
 * @param channels 3 (RGB) or 1 (grayscale, ITU-R 601-2 luma as PIL's convert("L"))
 */
public record PreprocessSpec(int height, int width, String resize, float[] mean, float[] std, int channels) {
    public static final String STRETCH = "stretch";
    public static final String SHORTER_CENTER_CROP = "shorter-center-crop";
    private static final ObjectMapper JSON = new ObjectMapper();

    public PreprocessSpec {
        if (height <= 0 || width <= 0 || height > 8192 || width > 8192) {
            throw new BadInputException("preprocessing size " + height + "x" + width + " is out of range (1..8192)");
        }
        if (!STRETCH.equals(resize) && !SHORTER_CENTER_CROP.equals(resize)) {
            throw new BadInputException("unknown resize mode '" + resize + "' (use " + STRETCH + " or " + SHORTER_CENTER_CROP + ")");
        }
        if (channels != 1 && channels != 3) {
            throw new BadInputException("preprocessing channels must be 1 or 3, got " + channels);
        }
        if (mean.length != channels || std.length != channels) {
            throw new BadInputException("mean and std need " + channels + " values each, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new BadInputException("std values must be positive, got " + Arrays.toString(std));
            }
        }
    }

    /** The assignment's default: Resize((142,142)) then ToTensor, RGB in [0,1], no normalisation. */
    public static PreprocessSpec assignmentDefault() {
        return of(142, 142, 3);
    }

    /** Stretch to h x w, scale to [0,1], no normalisation. */
    public static PreprocessSpec of(int height, int width, int channels) {
        float[] zeros = new float[channels];
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new PreprocessSpec(height, width, STRETCH, zeros, ones, channels);
    }

    public PreprocessSpec withSize(int h, int w) {
        return new PreprocessSpec(h, w, resize, mean, std, channels);
    }

    public PreprocessSpec withNormalisation(float[] newMean, float[] newStd) {
        return new PreprocessSpec(height, width, resize, newMean, newStd, channels);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PreprocessSpec fromJson(String json) {
        try {
            return JSON.readValue(json, PreprocessSpec.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("preprocessing metadata is not valid: " + e.getOriginalMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessSpec p && p.height == height && p.width == width && p.resize.equals(resize)
                && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std) && p.channels == channels;
    }

    @Override
    public int hashCode() {
        return (height * 31 + width) * 31 + resize.hashCode() + 7 * Arrays.hashCode(mean) + 13 * Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return height + "x" + width + " " + resize + " mean=" + Arrays.toString(mean) + " std=" + Arrays.toString(std)
                + (channels == 1 ? " gray" : " rgb");
    }
}
