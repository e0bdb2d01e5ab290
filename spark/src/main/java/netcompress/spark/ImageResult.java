package netcompress.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What a task returns for one image: its logits, or why it could not be used; the decoder warnings it printed;
 * and (on the first image of a task) the time its range spent in ONNX Runtime.
 */
public record ImageResult(int index, float[] logits, String badReason, List<String> warnings, double inferSeconds) implements Serializable {
}
